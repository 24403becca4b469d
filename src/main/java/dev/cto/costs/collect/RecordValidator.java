package dev.cto.costs.collect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns one JSON object into a {@link UsageRecord}, or into the list of everything wrong with it
 * (CONTRACT §1). Numbers must be JSON integer literals: {@code 1.0}, {@code 1e3} and {@code "12"}
 * are rejected rather than guessed at, because a token count that needed guessing is not trusted.
 *
 * <p>It reads straight from the parser's tokens, without building a tree: at tens of thousands of
 * records a second, the tree's maps were a large share of the ingest work.
 */
final class RecordValidator {

  static final long MAX_TOKENS = 1_000_000_000_000L;

  /** The fields of CONTRACT §1; the ones that repeat across records are interned. */
  enum Field {
    ID("id", false), REPOSITORY("repository", true), PR_NUMBER("pr_number", false), AGENT("agent", true),
    CLI("cli", true), MODEL("model", true), PROVIDER("provider", true), INPUT("input_tokens", false),
    OUTPUT("output_tokens", false), CACHE_WRITE("cache_creation_input_tokens", false),
    CACHE_WRITE_1H("cache_creation_1h_input_tokens", false), CACHE_READ("cache_read_input_tokens", false),
    STAGE("stage", true), ITERATION("iteration", false), TASK_ID("task_id", false), SESSION_ID("session_id", false),
    REQUEST_ID("request_id", false), TIMESTAMP("timestamp", false),
    // written by `costs export`; accepted so an export can be ingested again, and ignored: the cost
    // is always recomputed from the tokens
    COST_USD("cost_usd", false), PRICED("priced", false);

    static final Map<String, Field> BY_NAME =
        Stream.of(values()).collect(Collectors.toUnmodifiableMap(f -> f.json, Function.identity()));

    final String json;
    final boolean repeats;

    Field(String json, boolean repeats) {
      this.json = json;
      this.repeats = repeats;
    }
  }

  private final Clock clock;
  private final Interner interner = new Interner(10_000);

  RecordValidator(Clock clock) {
    this.clock = clock;
  }

  /**
   * Reads one object from {@code parser}, positioned on its {@code START_OBJECT} or on its first
   * {@code FIELD_NAME}, and leaves it on the {@code END_OBJECT}. Problems go to {@code errors}
   * (field, message) and null is returned; syntax errors are thrown.
   */
  UsageRecord read(JsonParser parser, String source, Consumer<String[]> errors) throws IOException {
    Problems p = new Problems(errors);
    JsonValue[] values = new JsonValue[Field.values().length];
    JsonToken token = parser.currentToken() == JsonToken.START_OBJECT ? parser.nextToken() : parser.currentToken();
    for (; token != JsonToken.END_OBJECT; token = parser.nextToken()) {
      String name = parser.currentName();
      Field field = Field.BY_NAME.get(name);
      JsonToken valueToken = parser.nextToken();
      if (field == null) {
        parser.skipChildren();
        p.add(name, "unknown field (a typo? see CONTRACT §1 for the fields)");
      } else if (values[field.ordinal()] != null) {
        parser.skipChildren();
        p.add(name, "Duplicate field '" + name + "': each key may appear once");
      } else {
        values[field.ordinal()] = JsonValue.read(parser, valueToken, field.repeats ? interner : null);
      }
    }
    String requestId = p.string(values, Field.REQUEST_ID, 0, 200, false);
    String id = p.string(values, Field.ID, 1, 200, false);
    String repository = p.string(values, Field.REPOSITORY, 1, 201, false);
    if (repository != null && !isRepository(repository)) {
      p.add("repository", "must look like owner/name, was \"" + abbreviate(repository) + "\"");
    }
    Long pr = p.integer(values, Field.PR_NUMBER, 1, Long.MAX_VALUE, false);
    String agent = p.string(values, Field.AGENT, 1, 100, true);
    String cli = p.string(values, Field.CLI, 1, 50, false);
    String model = p.string(values, Field.MODEL, 1, 200, true);
    String provider = p.string(values, Field.PROVIDER, 1, 50, false);
    Long input = p.integer(values, Field.INPUT, 0, MAX_TOKENS, true);
    Long output = p.integer(values, Field.OUTPUT, 0, MAX_TOKENS, true);
    Long cacheWrite = p.integer(values, Field.CACHE_WRITE, 0, MAX_TOKENS, false);
    Long cacheWrite1h = p.integer(values, Field.CACHE_WRITE_1H, 0, MAX_TOKENS, false);
    Long cacheRead = p.integer(values, Field.CACHE_READ, 0, MAX_TOKENS, false);
    String stage = p.string(values, Field.STAGE, 1, 100, true);
    Long iteration = p.integer(values, Field.ITERATION, 1, Integer.MAX_VALUE, false);
    String taskId = p.string(values, Field.TASK_ID, 1, 200, false);
    String sessionId = p.string(values, Field.SESSION_ID, 1, 200, false);
    Instant timestamp = p.timestamp(values, Field.TIMESTAMP);
    long writes = cacheWrite == null ? 0 : cacheWrite;
    long writes1h = cacheWrite1h == null ? 0 : cacheWrite1h;
    if (writes1h > writes) {
      p.add("cache_creation_1h_input_tokens",
          "must not exceed cache_creation_input_tokens (" + writes + "), was " + writes1h);
    }
    if (p.count > 0) {
      return null;
    }
    String recordId = id != null ? id : requestId != null ? requestId : UUID.randomUUID().toString();
    return new UsageRecord(
        recordId,
        new Attribution(repository, pr, agent, stage, iteration == null ? 1 : iteration.intValue(), taskId),
        cli,
        model,
        provider,
        new TokenCounts(input, output, writes - writes1h, writes1h, cacheRead == null ? 0 : cacheRead),
        sessionId,
        requestId,
        timestamp != null ? timestamp : clock.instant(),
        source);
  }

  /** {@code owner/name} on GitHub's alphabet: 1..100 of {@code [A-Za-z0-9_.-]} on each side. */
  static boolean isRepository(String s) {
    int slash = s.indexOf('/');
    if (slash < 1 || slash > 100 || s.length() - slash - 1 < 1 || s.length() - slash - 1 > 100) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-';
      if (!ok && i != slash) {
        return false;
      }
    }
    return true;
  }

  private static final class Problems {
    private final Consumer<String[]> sink;
    int count;

    Problems(Consumer<String[]> sink) {
      this.sink = sink;
    }

    void add(String field, String message) {
      count++;
      sink.accept(new String[] {field, message});
    }

    String string(JsonValue[] values, Field field, int min, int max, boolean required) {
      JsonValue v = values[field.ordinal()];
      if (v == null || v.isNull()) {
        if (required) {
          add(field.json, v == null ? "is required" : "is required, was null");
        }
        return null;
      }
      if (v.token() != JsonToken.VALUE_STRING) {
        add(field.json, "must be a string, was " + v.kind());
        return null;
      }
      String s = v.text();
      if (s.isBlank() && min > 0) {
        add(field.json, "must not be empty");
        return null;
      }
      if (s.length() > max) {
        add(field.json, "must be at most " + max + " characters, was " + s.length());
        return null;
      }
      return s;
    }

    Long integer(JsonValue[] values, Field field, long min, long max, boolean required) {
      JsonValue v = values[field.ordinal()];
      if (v == null || v.isNull()) {
        if (required) {
          add(field.json, v == null ? "is required" : "is required, was null");
        }
        return null;
      }
      String range = "must be an integer " + (max == MAX_TOKENS ? "from " + min + " to 10^12" : ">= " + min);
      if (v.token() != JsonToken.VALUE_NUMBER_INT) {
        add(field.json, range + ", was " + v.kind() + (v.text() != null ? " " + abbreviate(v.display()) : ""));
        return null;
      }
      if (!v.fitsLong() || v.number() < min || v.number() > max) {
        add(field.json, range + ", was " + abbreviate(v.display()));
        return null;
      }
      return v.number();
    }

    Instant timestamp(JsonValue[] values, Field field) {
      String s = string(values, field, 1, 64, false);
      if (s == null) {
        return null;
      }
      Instant parsed = Rfc3339.parse(s);
      if (parsed == null) {
        add(field.json, "must be an RFC 3339 timestamp with offset, e.g. 2026-01-31T12:00:00Z, was \"" + abbreviate(s) + "\"");
      }
      return parsed;
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "…";
  }
}
