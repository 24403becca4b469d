package dev.cto.costs.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.domain.UsageRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every rule of docs/record-format.md, each rejected with a message naming its field. */
class RecordValidationTest {

  private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
  private final UsageRecordReader reader = new UsageRecordReader(Clock.fixed(NOW, ZoneOffset.UTC));

  private static final String VALID =
      "\"agent\":\"rex\",\"model\":\"claude-sonnet\",\"input_tokens\":10,\"output_tokens\":5,\"stage\":\"code\"";

  private ParsedBatch read(String json) {
    return reader.read(json.getBytes(StandardCharsets.UTF_8), "test");
  }

  @Test
  void aMinimalRecordGetsDefaults() {
    UsageRecord r = read("{" + VALID + "}").validRecords().get(0);

    assertThat(r.attribution().iteration()).isEqualTo(1);
    assertThat(r.attribution().prNumber()).isNull();
    assertThat(r.timestamp()).isEqualTo(NOW);
    assertThat(r.tokens().cacheRead()).isZero();
    assertThat(r.id()).hasSize(36); // generated UUID
    assertThat(r.source()).isEqualTo("test");
  }

  @Test
  void allFieldsAreRead() {
    UsageRecord r = read("{\"id\":\"x1\",\"repository\":\"5dlabs/cto\",\"pr_number\":123,\"cli\":\"claude\",\"provider\":\"anthropic\","
        + "\"cache_creation_input_tokens\":100,\"cache_creation_1h_input_tokens\":40,\"cache_read_input_tokens\":7,"
        + "\"iteration\":3,\"task_id\":\"t\",\"session_id\":\"s\",\"request_id\":\"req_1\",\"timestamp\":\"2026-01-02T03:04:05.123456+02:00\","
        + "\"cost_usd\":1.5,\"priced\":true," + VALID + "}").validRecords().get(0);

    assertThat(r.id()).isEqualTo("x1");
    assertThat(r.attribution().repository()).isEqualTo("5dlabs/cto");
    assertThat(r.attribution().prNumber()).isEqualTo(123L);
    assertThat(r.tokens().cacheWrite5m()).isEqualTo(60);
    assertThat(r.tokens().cacheWrite1h()).isEqualTo(40);
    assertThat(r.tokens().cacheRead()).isEqualTo(7);
    assertThat(r.timestamp()).isEqualTo(Instant.parse("2026-01-02T01:04:05.123456Z"));
  }

  @Test
  void theRequestIdIsTheDefaultIdSoResendingIsIdempotent() {
    assertThat(read("{\"request_id\":\"req_9\"," + VALID + "}").validRecords().get(0).id()).isEqualTo("req_9");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "missing agent            | \"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,\"stage\":\"s\"                 | agent        | is required",
      "missing model            | \"agent\":\"a\",\"input_tokens\":1,\"output_tokens\":1,\"stage\":\"s\"                 | model        | is required",
      "missing stage            | \"agent\":\"a\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1                 | stage        | is required",
      "missing input            | \"agent\":\"a\",\"model\":\"m\",\"output_tokens\":1,\"stage\":\"s\"                    | input_tokens | is required",
      "missing output           | \"agent\":\"a\",\"model\":\"m\",\"input_tokens\":1,\"stage\":\"s\"                     | output_tokens | is required",
      "null agent               | \"agent\":null," + "\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,\"stage\":\"s\" | agent | was null",
      "empty agent              | \"agent\":\"\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,\"stage\":\"s\"  | agent        | must not be empty",
      "agent too long           | \"agent\":\"" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" + "\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,\"stage\":\"s\" | agent | at most 100 characters",
      "agent not a string       | \"agent\":7,\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,\"stage\":\"s\"       | agent        | must be a string, was an integer",
      "negative tokens          | \"agent\":\"a\",\"model\":\"m\",\"input_tokens\":-5,\"output_tokens\":1,\"stage\":\"s\"   | input_tokens | was -5",
      "decimal tokens           | \"agent\":\"a\",\"model\":\"m\",\"input_tokens\":1.5,\"output_tokens\":1,\"stage\":\"s\"  | input_tokens | was a decimal number 1.5",
      "exponent tokens          | \"agent\":\"a\",\"model\":\"m\",\"input_tokens\":1e3,\"output_tokens\":1,\"stage\":\"s\"  | input_tokens | must be an integer",
      "string tokens            | \"agent\":\"a\",\"model\":\"m\",\"input_tokens\":\"12\",\"output_tokens\":1,\"stage\":\"s\" | input_tokens | was a string",
      "too many tokens          | \"agent\":\"a\",\"model\":\"m\",\"input_tokens\":1000000000001,\"output_tokens\":1,\"stage\":\"s\" | input_tokens | from 0 to 10^12",
      "overflowing tokens       | \"agent\":\"a\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":99999999999999999999999,\"stage\":\"s\" | output_tokens | from 0 to 10^12",
      "negative cache read      | \"cache_read_input_tokens\":-1,\"agent\":\"a\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,\"stage\":\"s\" | cache_read_input_tokens | was -1",
      "negative cache write     | \"cache_creation_input_tokens\":-1,\"agent\":\"a\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,\"stage\":\"s\" | cache_creation_input_tokens | was -1",
      "1h above total writes    | \"cache_creation_input_tokens\":5,\"cache_creation_1h_input_tokens\":6,\"agent\":\"a\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,\"stage\":\"s\" | cache_creation_1h_input_tokens | must not exceed",
      "pr zero                  | \"pr_number\":0,\"agent\":\"a\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,\"stage\":\"s\" | pr_number | >= 1, was 0",
      "pr as string             | \"pr_number\":\"12\",\"agent\":\"a\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,\"stage\":\"s\" | pr_number | was a string",
      "iteration zero           | \"iteration\":0,\"agent\":\"a\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,\"stage\":\"s\" | iteration | >= 1, was 0",
      "bad repository           | \"repository\":\"no-slash\",\"agent\":\"a\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,\"stage\":\"s\" | repository | owner/name",
      "unparseable timestamp    | \"timestamp\":\"yesterday\",\"agent\":\"a\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,\"stage\":\"s\" | timestamp | RFC 3339",
      "timestamp without offset | \"timestamp\":\"2026-01-01T10:00:00\",\"agent\":\"a\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,\"stage\":\"s\" | timestamp | with offset",
      "unknown field            | \"input_token\":1,\"agent\":\"a\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,\"stage\":\"s\" | input_token | unknown field",
  })
  void eachRuleIsRejectedNamingItsField(String rule, String body, String field, String message) {
    ParsedBatch batch = read("{" + body + "}");

    assertThat(batch.records()).as(rule).isEmpty();
    assertThat(batch.errors()).as(rule).anySatisfy(e -> {
      assertThat(e.field()).isEqualTo(field.trim());
      assertThat(e.message()).contains(message.trim());
    });
  }

  @Test
  void idsLongerThan200CharactersAreRejected() {
    ParsedBatch batch = read("{\"id\":\"" + "i".repeat(201) + "\"," + VALID + "}");

    assertThat(batch.errors()).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("id");
      assertThat(e.message()).isEqualTo("must be at most 200 characters, was 201");
    });
    assertThat(read("{\"id\":\"" + "i".repeat(200) + "\"," + VALID + "}").isValid()).isTrue();
  }

  @Test
  void duplicateKeysAreRejected() {
    ParsedBatch batch = read("{\"agent\":\"a\",\"agent\":\"b\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,\"stage\":\"s\"}");

    assertThat(batch.records()).isEmpty();
    assertThat(batch.errors().get(0).message()).contains("Duplicate field 'agent'");
  }
}
