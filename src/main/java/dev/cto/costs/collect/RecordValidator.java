package dev.cto.costs.collect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.InvalidRecordException;
import dev.cto.costs.domain.RecordField;
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
 * (docs/record-format.md). Numbers must be JSON integer literals: {@code 1.0}, {@code 1e3} and {@code "12"}
 * are rejected rather than guessed at, because a token count that needed guessing is not trusted.
 * The rules of the values themselves are the domain's ({@link RecordField}, which {@link
 * UsageRecord} enforces too): this class adds only what JSON needs, and reports every problem of a
 * record rather than the first.
 *
 * <p>It reads straight from the parser's tokens, without building a tree: at tens of thousands of
 * records a second, the tree's maps were a large share of the ingest work.
 */
final class RecordValidator {

  static final long MAX_TOKENS = RecordField.MAX_TOKENS;

  /** The fields of docs/record-format.md, with the domain rule each is held to; the ones that repeat across records are interned. */
  enum Field {
    ID(RecordField.ID, false), REPOSITORY(RecordField.REPOSITORY, true), PR_NUMBER(RecordField.PR_NUMBER, false),
    AGENT(RecordField.AGENT, true), CLI(RecordField.CLI, true), MODEL(RecordField.MODEL, true),
    PROVIDER(RecordField.PROVIDER, true), INPUT(RecordField.INPUT_TOKENS, false), OUTPUT(RecordField.OUTPUT_TOKENS, false),
    CACHE_WRITE(RecordField.CACHE_CREATION_INPUT_TOKENS, false),
    CACHE_WRITE_1H(RecordField.CACHE_CREATION_1H_INPUT_TOKENS, false),
    CACHE_READ(RecordField.CACHE_READ_INPUT_TOKENS, false), STAGE(RecordField.STAGE, true),
    ITERATION(RecordField.ITERATION, false), TASK_ID(RecordField.TASK_ID, false),
    SESSION_ID(RecordField.SESSION_ID, false), REQUEST_ID(RecordField.REQUEST_ID, false),
    TIMESTAMP(RecordField.TIMESTAMP, false),
    // written by `costs export`; accepted so an export can be ingested again, and ignored: the cost
    // is always recomputed from the tokens
    COST_USD("cost_usd"), PRICED("priced");

    static final Map<String, Field> BY_NAME =
        Stream.of(values()).collect(Collectors.toUnmodifiableMap(f -> f.json, Function.identity()));

    final String json;
    final RecordField rule;
    final boolean repeats;

    Field(RecordField rule, boolean repeats) {
      this.json = rule.json();
      this.rule = rule;
      this.repeats = repeats;
    }

    Field(String json) {
      this.json = json;
      this.rule = null;
      this.repeats = false;
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
        p.add(name, "unknown field (a typo? docs/record-format.md lists the fields)");
      } else if (values[field.ordinal()] != null) {
        parser.skipChildren();
        p.add(name, "Duplicate field '" + name + "': each key may appear once");
      } else {
        values[field.ordinal()] = JsonValue.read(parser, valueToken, field.repeats ? interner : null);
      }
    }
    String requestId = p.string(values, Field.REQUEST_ID, false);
    String id = p.string(values, Field.ID, false);
    String repository = p.string(values, Field.REPOSITORY, false);
    Long pr = p.integer(values, Field.PR_NUMBER, 1, Long.MAX_VALUE, false);
    String agent = p.string(values, Field.AGENT, true);
    String cli = p.string(values, Field.CLI, false);
    String model = p.string(values, Field.MODEL, true);
    String provider = p.string(values, Field.PROVIDER, false);
    Long input = p.integer(values, Field.INPUT, 0, MAX_TOKENS, true);
    Long output = p.integer(values, Field.OUTPUT, 0, MAX_TOKENS, true);
    Long cacheWrite = p.integer(values, Field.CACHE_WRITE, 0, MAX_TOKENS, false);
    Long cacheWrite1h = p.integer(values, Field.CACHE_WRITE_1H, 0, MAX_TOKENS, false);
    Long cacheRead = p.integer(values, Field.CACHE_READ, 0, MAX_TOKENS, false);
    String stage = p.string(values, Field.STAGE, true);
    Long iteration = p.integer(values, Field.ITERATION, 1, Integer.MAX_VALUE, false);
    String taskId = p.string(values, Field.TASK_ID, false);
    String sessionId = p.string(values, Field.SESSION_ID, false);
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
    try {
      return new UsageRecord(recordId,
          new Attribution(repository, pr, agent, stage, iteration == null ? 1 : iteration.intValue(), taskId),
          cli, model, provider,
          new TokenCounts(input, output, writes - writes1h, writes1h, cacheRead == null ? 0 : cacheRead),
          sessionId, requestId, timestamp != null ? timestamp : clock.instant(), source);
    } catch (InvalidRecordException e) {
      // a rule of the record's own that the checks above do not repeat (e.g. the timestamp's range)
      p.add(e.field(), e.reason());
      return null;
    }
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

    String string(JsonValue[] values, Field field, boolean required) {
      String s = text(values, field, required);
      String problem = s == null ? null : field.rule.problem(s);
      if (problem != null) {
        add(field.json, problem);
        return null;
      }
      return s;
    }

    private String text(JsonValue[] values, Field field, boolean required) {
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
      return v.text();
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
      String s = text(values, field, false);
      if (s == null) {
        return null;
      }
      if (s.length() > 64) {
        add(field.json, "must be an RFC 3339 timestamp with offset, e.g. 2026-01-31T12:00:00Z, was " + s.length() + " characters long");
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
    return RecordField.abbreviate(s);
  }
}
