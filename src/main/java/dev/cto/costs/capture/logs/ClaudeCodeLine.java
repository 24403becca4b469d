package dev.cto.costs.capture.logs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cto.costs.domain.TokenCounts;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the lines of one Claude Code session log: an assistant response's usage, or nothing we
 * count. Lines are read from the parser's tokens, skipping the message content (most of a line's
 * bytes) without building it, because a large import reads a gigabyte of them. Values that repeat
 * on every line of a file (session, cwd, branch, model) are shared, not kept once per response.
 */
final class ClaudeCodeLine implements LogFormat.FileReader {

  static final String CLI = "claude-code";

  /** Claude Code logs its own error notices as assistant messages of this model; no API call was made. */
  private static final String SYNTHETIC = "<synthetic>";

  private final String project;
  private final Map<String, String> shared = new HashMap<>();
  private SessionContext context;
  /** The values of the line read before: most recur on the next line. */
  private final Fields last = new Fields();

  ClaudeCodeLine(String project) {
    this.project = project;
  }

  /** What one line holds, as far as we care; null fields were absent. */
  private static final class Fields {
    String type;
    String requestId;
    String sessionId;
    String cwd;
    String gitBranch;
    String timestamp;
    boolean hasMessage;
    boolean messageIsObject;
    String messageId;
    String model;
    boolean hasUsage;
    boolean usageIsObject;
    long input;
    long output;
    long cacheWrite;
    long cacheRead;
    long oneHour;
  }

  /** Nothing to resume: every line stands alone. */
  @Override
  public Map<String, String> state() {
    return Map.of();
  }

  /** The call on this line, or null for lines that carry no usage (user turns, summaries, snapshots). */
  @Override
  public LogCall parse(byte[] buf, int off, int len) throws BadLineException {
    Fields f = new Fields();
    try (JsonParser p = Json.FACTORY.createParser(buf, off, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new BadLineException("not a JSON object");
      }
      readLine(p, f);
    } catch (IOException e) {
      throw new BadLineException("malformed JSON: " + Json.reason(e));
    }
    if (f.type == null || f.type.isEmpty()) {
      throw new BadLineException("unknown shape: no type");
    }
    if (!f.type.equals("assistant") || !f.hasMessage || !f.hasUsage) {
      return null;
    }
    if (!f.messageIsObject || !f.usageIsObject) {
      throw new BadLineException("unknown shape: message.usage is not an object");
    }
    require(f.model, "message.model");
    if (f.model.equals(SYNTHETIC)) {
      return null;
    }
    require(f.messageId, "message.id");
    Instant timestamp = Json.instant(f.timestamp);
    // the split is newer than the total; where it is missing (or disagrees) the rest is 5m, the default TTL
    long fiveMinutes = Math.max(0, f.cacheWrite - f.oneHour);
    TokenCounts tokens = new TokenCounts(f.input, f.output, fiveMinutes,
        Math.min(f.oneHour, f.cacheWrite == 0 ? f.oneHour : f.cacheWrite), f.cacheRead);
    return new LogCall(f.messageId, share(f.model), timestamp, tokens, f.requestId, context(f));
  }

  private void readLine(JsonParser p, Fields f) throws IOException, BadLineException {
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken value = p.nextToken();
      switch (name) {
        case "type" -> f.type = last.type = same(p, value, last.type);
        case "requestId" -> f.requestId = last.requestId = same(p, value, last.requestId);
        case "sessionId" -> f.sessionId = last.sessionId = same(p, value, last.sessionId);
        case "cwd" -> f.cwd = last.cwd = same(p, value, last.cwd);
        case "gitBranch" -> f.gitBranch = last.gitBranch = same(p, value, last.gitBranch);
        case "timestamp" -> f.timestamp = text(p, value);
        case "message" -> {
          f.hasMessage = value != JsonToken.VALUE_NULL;
          f.messageIsObject = value == JsonToken.START_OBJECT;
          if (f.messageIsObject) {
            readMessage(p, f);
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
  }

  private void readMessage(JsonParser p, Fields f) throws IOException, BadLineException {
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken value = p.nextToken();
      switch (name) {
        case "id" -> f.messageId = last.messageId = same(p, value, last.messageId);
        case "model" -> f.model = last.model = same(p, value, last.model);
        case "usage" -> {
          f.hasUsage = true; // "usage": null is a shape we do not know, not a line without usage
          f.usageIsObject = value == JsonToken.START_OBJECT;
          if (f.usageIsObject) {
            readUsage(p, f);
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
  }

  private static void readUsage(JsonParser p, Fields f) throws IOException, BadLineException {
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken value = p.nextToken();
      switch (name) {
        case "input_tokens" -> f.input = Json.count(p, value, name);
        case "output_tokens" -> f.output = Json.count(p, value, name);
        case "cache_creation_input_tokens" -> f.cacheWrite = Json.count(p, value, name);
        case "cache_read_input_tokens" -> f.cacheRead = Json.count(p, value, name);
        case "cache_creation" -> {
          if (value == JsonToken.START_OBJECT) {
            String split;
            while ((split = p.nextFieldName()) != null) {
              JsonToken v = p.nextToken();
              if (split.equals("ephemeral_1h_input_tokens")) {
                f.oneHour = Json.count(p, v, split);
              } else {
                p.skipChildren();
              }
            }
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
  }

  /**
   * The string value, or {@code previous} when it has the same characters: consecutive lines
   * repeat their session, folder, branch, model and, for the copies of one response, its ids.
   * Comparing the parser's characters in place saves building a String for every one of them.
   */
  private static String same(JsonParser p, JsonToken value, String previous) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      p.skipChildren();
      return null;
    }
    if (previous != null) {
      int length = p.getTextLength();
      if (length == previous.length()) {
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        int i = 0;
        while (i < length && chars[offset + i] == previous.charAt(i)) {
          i++;
        }
        if (i == length) {
          return previous;
        }
      }
    }
    return p.getText();
  }

  private static String text(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  private static void require(String value, String field) throws BadLineException {
    if (value == null || value.isEmpty()) {
      throw new BadLineException("unknown shape: no " + field);
    }
  }

  private String share(String value) {
    if (value == null) {
      return null;
    }
    String known = shared.putIfAbsent(value, value);
    if (shared.size() > 10_000) {
      shared.clear(); // a file of ever-new values: stop remembering rather than grow without end
    }
    return known == null ? value : known;
  }

  /** Consecutive lines nearly always share their session, cwd and branch: one object for all of them. */
  private SessionContext context(Fields f) {
    SessionContext c = context;
    if (c == null || !java.util.Objects.equals(c.sessionId(), f.sessionId) || !java.util.Objects.equals(c.cwd(), f.cwd)
        || !java.util.Objects.equals(c.gitBranch(), f.gitBranch)) {
      c = new SessionContext(CLI, share(f.sessionId), share(f.cwd), share(f.gitBranch), project);
      context = c;
    }
    return c;
  }
}
