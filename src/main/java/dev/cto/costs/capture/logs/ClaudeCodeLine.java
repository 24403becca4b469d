package dev.cto.costs.capture.logs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cto.costs.domain.TokenCounts;

/** One line of a Claude Code session log: an assistant response's usage, or nothing we count. */
final class ClaudeCodeLine {

  static final String CLI = "claude-code";

  /** Claude Code logs its own error notices as assistant messages of this model; no API call was made. */
  private static final String SYNTHETIC = "<synthetic>";

  private ClaudeCodeLine() {}

  /** The call on this line, or null for lines that carry no usage (user turns, summaries, snapshots). */
  static LogCall parse(byte[] buf, int len, String project) throws BadLineException {
    JsonNode line = Json.object(buf, len);
    String type = Json.requireText(line, "type", "");
    JsonNode message = line.get("message");
    if (!type.equals("assistant") || message == null || !message.has("usage")) {
      return null;
    }
    if (!message.isObject() || !message.get("usage").isObject()) {
      throw new BadLineException("unknown shape: message.usage is not an object");
    }
    String model = Json.requireText(message, "model", "message.");
    if (model.equals(SYNTHETIC)) {
      return null;
    }
    String messageId = Json.requireText(message, "id", "message.");
    String requestId = Json.text(line, "requestId");
    SessionContext context = new SessionContext(CLI, Json.text(line, "sessionId"), Json.text(line, "cwd"),
        Json.text(line, "gitBranch"), project);
    return new LogCall(messageId, messageId + "|" + requestId, model, Json.timestamp(line),
        tokens(message.get("usage")), requestId, context);
  }

  private static TokenCounts tokens(JsonNode usage) throws BadLineException {
    long cacheWrite = Json.count(usage, "cache_creation_input_tokens");
    JsonNode split = usage.get("cache_creation");
    long oneHour = Json.count(split, "ephemeral_1h_input_tokens");
    // the split is newer than the total; where it is missing (or disagrees) the rest is 5m, the default TTL
    long fiveMinutes = Math.max(0, cacheWrite - oneHour);
    return new TokenCounts(Json.count(usage, "input_tokens"), Json.count(usage, "output_tokens"), fiveMinutes,
        Math.min(oneHour, cacheWrite == 0 ? oneHour : cacheWrite), Json.count(usage, "cache_read_input_tokens"));
  }
}
