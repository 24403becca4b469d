package dev.cto.costs.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule of a usage record, checked by the record types themselves and naming the field. */
class RecordRulesTest {

  private static final Instant T = Instant.parse("2026-01-31T12:00:00Z");

  private static Attribution who(String repository, String agent, String stage, String task) {
    return new Attribution(repository, 7L, agent, stage, 1, task);
  }

  private static UsageRecord record(Consumer<String[]> edit) {
    // id, cli, model, provider, session, request, source
    String[] f = {"id-1", "claude", "claude-sonnet", "anthropic", "s-1", "req-1", "http"};
    edit.accept(f);
    return new UsageRecord(f[0], who("5dlabs/cto", "rex", "code", null), f[1], f[2], f[3], TokenCounts.of(1, 2), f[4], f[5],
        T, f[6]);
  }

  private static void refused(ThrowingCallable build, String field, String message) {
    assertThatThrownBy(build).isInstanceOfSatisfying(InvalidRecordException.class, e -> {
      assertThat(e.field()).isEqualTo(field);
      assertThat(e.reason()).contains(message);
      assertThat(e.getMessage()).startsWith(field + ": ");
    });
  }

  @Test
  void eachStringIsBoundedToItsColumn() {
    refused(() -> record(f -> f[0] = "i".repeat(201)), "id", "at most 200 characters, was 201");
    refused(() -> record(f -> f[1] = "c".repeat(51)), "cli", "at most 50 characters, was 51");
    refused(() -> record(f -> f[2] = "m".repeat(201)), "model", "at most 200 characters, was 201");
    refused(() -> record(f -> f[3] = "p".repeat(51)), "provider", "at most 50 characters, was 51");
    refused(() -> record(f -> f[4] = "s".repeat(201)), "session_id", "at most 200 characters, was 201");
    refused(() -> record(f -> f[5] = "r".repeat(201)), "request_id", "at most 200 characters, was 201");
    refused(() -> record(f -> f[6] = "x".repeat(51)), "source", "at most 50 characters, was 51");
    refused(() -> who(null, "a".repeat(101), "code", null), "agent", "at most 100 characters, was 101");
    refused(() -> who(null, "rex", "s".repeat(101), null), "stage", "at most 100 characters, was 101");
    refused(() -> who(null, "rex", "code", "t".repeat(201)), "task_id", "at most 200 characters, was 201");
    assertThatCode(() -> {
      record(f -> {
        f[0] = "i".repeat(200);
        f[1] = "c".repeat(50);
        f[2] = "m".repeat(200);
      });
      who("o".repeat(100) + "/" + "n".repeat(99), "a".repeat(100), "s".repeat(100), "t".repeat(200));
    }).as("the limits themselves are allowed").doesNotThrowAnyException();
  }

  @Test
  void lengthsAreCountedInCharactersAsPostgresCountsThem() {
    String emoji = "\uD83D\uDE80"; // one character, two UTF-16 units
    assertThatCode(() -> who(null, emoji.repeat(100), "code", null)).doesNotThrowAnyException();
    refused(() -> who(null, emoji.repeat(101), "code", null), "agent", "at most 100 characters, was 101");
  }

  @Test
  void requiredStringsMustBePresentAndNotBlank() {
    refused(() -> record(f -> f[0] = null), "id", "is required");
    refused(() -> record(f -> f[2] = null), "model", "is required");
    refused(() -> record(f -> f[2] = "  "), "model", "must not be empty");
    refused(() -> who(null, null, "code", null), "agent", "is required");
    refused(() -> who(null, "rex", null, null), "stage", "is required");
    refused(() -> record(f -> f[1] = ""), "cli", "must not be empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u0000", "\u0007", "\u001b", "\t", "\n", "\u007f", "\u0085", "\u009b"})
  void noStringHoldsAControlCharacter(String control) {
    String bad = "re" + control + "x";
    String code = String.format("U+%04X at character 3", (int) control.charAt(0));
    refused(() -> record(f -> f[0] = bad), "id", code);
    refused(() -> record(f -> f[1] = bad), "cli", code);
    refused(() -> record(f -> f[2] = bad), "model", code);
    refused(() -> record(f -> f[3] = bad), "provider", code);
    refused(() -> record(f -> f[4] = bad), "session_id", code);
    refused(() -> record(f -> f[5] = bad), "request_id", code);
    refused(() -> record(f -> f[6] = bad), "source", code);
    refused(() -> who(null, bad, "code", null), "agent", code);
    refused(() -> who(null, "rex", bad, null), "stage", code);
    refused(() -> who(null, "rex", "code", bad), "task_id", code);
  }

  @Test
  void anUnpairedSurrogateIsNotText() {
    refused(() -> who(null, "re\uD83Dx", "code", null), "agent", "unpaired surrogate at character 3");
    refused(() -> who(null, "rex\uDE80", "code", null), "agent", "unpaired surrogate at character 4");
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-a-repo", "/cto", "5dlabs/", "5dlabs/cto/x", "5d labs/cto", "5dlabs/ct\u00f6"})
  void aRepositoryIsOwnerSlashName(String repository) {
    refused(() -> who(repository, "rex", "code", null), "repository", "must look like owner/name");
  }

  @Test
  void aRepositoryIsAtMost200CharactersThoughEachSideMayHave100() {
    String longest = "o".repeat(100) + "/" + "n".repeat(100);
    refused(() -> who(longest, "rex", "code", null), "repository", "at most 200 characters, was 201");
    refused(() -> who("o".repeat(101) + "/n", "rex", "code", null), "repository", "must look like owner/name");
  }

  @Test
  void numbersAreInRange() {
    refused(() -> new Attribution(null, 0L, "rex", "code", 1, null), "pr_number", ">= 1, was 0");
    refused(() -> new Attribution(null, null, "rex", "code", 0, null), "iteration", ">= 1, was 0");
    refused(() -> new TokenCounts(-1, 0, 0, 0, 0), "input_tokens", ">= 0, was -1");
    refused(() -> new TokenCounts(0, -1, 0, 0, 0), "output_tokens", ">= 0, was -1");
    refused(() -> new TokenCounts(0, 0, -1, 0, 0), "cache_creation_input_tokens", ">= 0, was -1");
    refused(() -> new TokenCounts(0, 0, 0, -1, 0), "cache_creation_1h_input_tokens", ">= 0, was -1");
    refused(() -> new TokenCounts(0, 0, 0, 0, -1), "cache_read_input_tokens", ">= 0, was -1");
  }

  @Test
  void oneRecordHoldsAtMostTenToTheTwelveTokensOfAKindThoughSumsMayHoldMore() {
    long max = RecordField.MAX_TOKENS;
    TokenCounts[] over = {
      new TokenCounts(max + 1, 0, 0, 0, 0), new TokenCounts(0, max + 1, 0, 0, 0),
      new TokenCounts(0, 0, max, 1, 0), new TokenCounts(0, 0, 0, 0, max + 1)};
    String[] fields = {"input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens"};
    for (int i = 0; i < over.length; i++) {
      TokenCounts tokens = over[i];
      refused(() -> new UsageRecord("u", who(null, "rex", "code", null), null, "m", null, tokens, null, null, T, null),
          fields[i], "from 0 to 10^12, was " + (max + 1));
    }
    assertThatCode(() -> new UsageRecord("u", who(null, "rex", "code", null), null, "m", null,
        new TokenCounts(max, max, max - 5, 5, max), null, null, T, null)).doesNotThrowAnyException();
    assertThat(new TokenCounts(max, 0, 0, 0, 0).plus(new TokenCounts(max, 0, 0, 0, 0)).input()).isEqualTo(2 * max);
  }

  @Test
  void aTimestampIsWithinTheYearsTheApiCanWrite() {
    refused(() -> new UsageRecord("u", who(null, "rex", "code", null), null, "m", null, TokenCounts.ZERO, null, null,
        Instant.parse("-0001-12-31T00:00:00Z"), null), "timestamp", "between years 0001 and 9999");
    refused(() -> new UsageRecord("u", who(null, "rex", "code", null), null, "m", null, TokenCounts.ZERO, null, null,
        Instant.MAX, null), "timestamp", "between years 0001 and 9999");
    refused(() -> new UsageRecord("u", who(null, "rex", "code", null), null, "m", null, TokenCounts.ZERO, null, null,
        null, null), "timestamp", "is required");
  }
}
