package dev.cto.costs.client;

import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import java.util.regex.Pattern;

/**
 * The limits the collector enforces on a usage record (CONTRACT §1), checked here before a record
 * leaves the process. The collector accepts or rejects a request as a whole, so one record it
 * would refuse must never travel in a batch with hundreds of good ones.
 */
final class ContractLimits {

  static final long MAX_TOKENS = 1_000_000_000_000L;
  private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}");

  private ContractLimits() {}

  /** @throws IllegalArgumentException naming the first field the collector would refuse */
  static void check(UsageRecord record) {
    text("id", record.id(), 200, true);
    var a = record.attribution();
    repository(a.repository());
    text("agent", a.agent(), 100, true);
    text("stage", a.stage(), 100, true);
    text("task_id", a.taskId(), 200, false);
    text("cli", record.cli(), 50, false);
    text("model", record.model(), 200, true);
    text("provider", record.provider(), 50, false);
    text("session_id", record.sessionId(), 200, false);
    text("request_id", record.requestId(), 200, false);
    tokens(record.tokens());
  }

  /** A string field: absent is fine unless required; present means not blank and not too long. */
  static String text(String field, String value, int maxLength, boolean required) {
    if (value == null) {
      if (required) {
        throw new IllegalArgumentException(field + " is required");
      }
      return null;
    }
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    if (value.length() > maxLength) {
      throw new IllegalArgumentException(
          field + " must be at most " + maxLength + " characters, was " + value.length());
    }
    return value;
  }

  static String repository(String repository) {
    if (repository != null && !REPOSITORY.matcher(repository).matches()) {
      throw new IllegalArgumentException("repository must look like owner/name, was \"" + repository + "\"");
    }
    return repository;
  }

  static void tokens(TokenCounts t) {
    long[] counts = {t.input(), t.output(), t.cacheCreation(), t.cacheRead()};
    String[] names = {"input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens"};
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > MAX_TOKENS) {
        throw new IllegalArgumentException(names[i] + " must be at most 10^12, was " + counts[i]);
      }
    }
  }
}
