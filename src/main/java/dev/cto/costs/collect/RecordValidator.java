package dev.cto.costs.collect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Turns one JSON object into a {@link UsageRecord}, or into the list of everything wrong with it
 * (CONTRACT §1). Numbers must be JSON integer literals: {@code 1.0}, {@code 1e3} and {@code "12"}
 * are rejected rather than guessed at, because a token count that needed guessing is not trusted.
 */
final class RecordValidator {

  static final long MAX_TOKENS = 1_000_000_000_000L;

  private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}");

  private static final Set<String> KNOWN =
      Set.of(
          "id", "repository", "pr_number", "agent", "cli", "model", "provider", "input_tokens",
          "output_tokens", "cache_creation_input_tokens", "cache_creation_1h_input_tokens",
          "cache_read_input_tokens", "stage", "iteration", "task_id", "session_id", "request_id",
          "timestamp",
          // written by `costs export`; accepted so an export can be ingested again, and ignored:
          // the cost is always recomputed from the tokens
          "cost_usd", "priced");

  private final Clock clock;

  RecordValidator(Clock clock) {
    this.clock = clock;
  }

  /** Validates {@code node}; problems go to {@code errors} (field, message) and null is returned. */
  UsageRecord validate(JsonNode node, String source, Consumer<String[]> errors) {
    if (node == null || !node.isObject()) {
      errors.accept(new String[] {null, "must be a JSON object, was " + kind(node)});
      return null;
    }
    Problems p = new Problems(errors);
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!KNOWN.contains(name)) {
        p.add(name, "unknown field (a typo? see CONTRACT §1 for the fields)");
      }
    }
    String requestId = p.string(node, "request_id", 0, 200, false);
    String id = p.string(node, "id", 1, 200, false);
    String repository = p.string(node, "repository", 1, 201, false);
    if (repository != null && !REPOSITORY.matcher(repository).matches()) {
      p.add("repository", "must look like owner/name, was \"" + abbreviate(repository) + "\"");
    }
    Long pr = p.integer(node, "pr_number", 1, Long.MAX_VALUE, false);
    String agent = p.string(node, "agent", 1, 100, true);
    String cli = p.string(node, "cli", 1, 50, false);
    String model = p.string(node, "model", 1, 200, true);
    String provider = p.string(node, "provider", 1, 50, false);
    Long input = p.integer(node, "input_tokens", 0, MAX_TOKENS, true);
    Long output = p.integer(node, "output_tokens", 0, MAX_TOKENS, true);
    Long cacheWrite = p.integer(node, "cache_creation_input_tokens", 0, MAX_TOKENS, false);
    Long cacheWrite1h = p.integer(node, "cache_creation_1h_input_tokens", 0, MAX_TOKENS, false);
    Long cacheRead = p.integer(node, "cache_read_input_tokens", 0, MAX_TOKENS, false);
    String stage = p.string(node, "stage", 1, 100, true);
    Long iteration = p.integer(node, "iteration", 1, Integer.MAX_VALUE, false);
    String taskId = p.string(node, "task_id", 1, 200, false);
    String sessionId = p.string(node, "session_id", 1, 200, false);
    Instant timestamp = p.timestamp(node, "timestamp");
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

    String string(JsonNode node, String field, int min, int max, boolean required) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        if (required) {
          add(field, v == null ? "is required" : "is required, was null");
        }
        return null;
      }
      if (!v.isTextual()) {
        add(field, "must be a string, was " + kind(v));
        return null;
      }
      String s = v.textValue();
      if (s.isBlank() && min > 0) {
        add(field, "must not be empty");
        return null;
      }
      if (s.length() > max) {
        add(field, "must be at most " + max + " characters, was " + s.length());
        return null;
      }
      return s;
    }

    Long integer(JsonNode node, String field, long min, long max, boolean required) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        if (required) {
          add(field, v == null ? "is required" : "is required, was null");
        }
        return null;
      }
      String range = "must be an integer " + (max == MAX_TOKENS ? "from " + min + " to 10^12" : ">= " + min);
      if (!v.isIntegralNumber()) {
        add(field, range + ", was " + kind(v) + (v.isValueNode() ? " " + abbreviate(v.toString()) : ""));
        return null;
      }
      // int and long nodes compare directly; only numbers beyond a long become BigIntegers
      if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
        add(field, range + ", was " + abbreviate(v.bigIntegerValue().toString()));
        return null;
      }
      return v.longValue();
    }

    Instant timestamp(JsonNode node, String field) {
      String s = string(node, field, 1, 64, false);
      if (s == null) {
        return null;
      }
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e) {
        add(field, "must be an RFC 3339 timestamp with offset, e.g. 2026-01-31T12:00:00Z, was \"" + abbreviate(s) + "\"");
        return null;
      }
    }
  }

  static String kind(JsonNode v) {
    if (v == null || v.isMissingNode()) {
      return "missing";
    }
    return switch (v.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> v.isIntegralNumber() ? "an integer" : "a decimal number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "…";
  }
}
