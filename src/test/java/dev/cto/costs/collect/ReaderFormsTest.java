package dev.cto.costs.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** Every input form, and every bad record of a request reported. */
class ReaderFormsTest {

  private final UsageRecordReader reader = new UsageRecordReader(Clock.systemUTC());

  private static String rec(String id) {
    return "{\"id\":\"" + id + "\",\"agent\":\"rex\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":2,\"stage\":\"code\"}";
  }

  private ParsedBatch read(String s) {
    return reader.read(s.getBytes(StandardCharsets.UTF_8), "test");
  }

  @Test
  void readsAnObjectAnArrayARecordsWrapperAndNdjson() {
    assertThat(read(rec("a")).validRecords()).hasSize(1);
    assertThat(read("[" + rec("a") + "," + rec("b") + "]").validRecords()).hasSize(2);
    assertThat(read("{\"records\":[" + rec("a") + "," + rec("b") + "," + rec("c") + "]}").validRecords()).hasSize(3);
    assertThat(read(rec("a") + "\n\n" + rec("b") + "\n" + rec("c") + "\n").validRecords())
        .extracting(r -> r.id()).containsExactly("a", "b", "c");
    assertThat(read("  {\n \"id\": \"pretty\", \"agent\":\"rex\",\n \"model\":\"m\",\"input_tokens\":1,\"output_tokens\":2,\"stage\":\"code\"}\n").validRecords())
        .extracting(r -> r.id()).containsExactly("pretty");
  }

  @Test
  void everyBadNdjsonLineIsReportedWithItsLineNumber() {
    String body = rec("a") + "\n{\"agent\": \n" + rec("c") + "\n{\"agent\":\"rex\",\"model\":\"m\",\"input_tokens\":-1,\"output_tokens\":2,\"stage\":\"code\"}\n";

    ParsedBatch batch = read(body);

    assertThat(batch.isValid()).isFalse();
    assertThat(batch.errors()).extracting(FieldError::line).containsExactly(2, 4);
    assertThat(batch.errors().get(0).describe()).startsWith("line 2: malformed JSON");
    assertThat(batch.errors().get(1).describe()).isEqualTo("line 4: input_tokens: must be an integer from 0 to 10^12, was -1");
  }

  @Test
  void everyBadArrayElementIsReportedWithItsIndex() {
    ParsedBatch batch = read("[" + rec("a") + ",{\"agent\":\"rex\"}, 5]");

    assertThat(batch.errors()).extracting(FieldError::index).contains(1, 2);
    assertThat(batch.errors()).anySatisfy(e -> assertThat(e.describe()).isEqualTo("records[2]: must be a JSON object, was an integer"));
  }

  @Test
  void emptyTruncatedAndNonJsonInputIsRejected() {
    assertThat(read("").errors().get(0).message()).contains("empty");
    assertThat(read("[]").errors().get(0).message()).contains("empty");
    assertThat(read("[" + rec("a")).errors().get(0).message()).contains("malformed JSON");
    assertThat(read("\"just a string\"").errors().get(0).message()).contains("expected a JSON object");
    assertThat(read(rec("a") + " trailing").errors().get(0).message()).contains("malformed JSON");
    assertThat(read("{\"records\": 5}").errors().get(0).describe()).isEqualTo("request: records: must be an array, was an integer");
  }

  @Test
  void ndjsonWhoseFirstLinesAreBrokenStillHasEveryBadLineReported() {
    ParsedBatch batch = read("garbage\n{\"id\":\n" + rec("a") + "\n" + rec("b").replace("\"agent\"", "\"agnt\"") + "\n");

    assertThat(batch.records()).hasSize(1);
    assertThat(batch.errors()).extracting(FieldError::line).containsExactly(1, 2, 4, 4);
  }

  @Test
  void aBrokenPrettyPrintedDocumentIsOneProblemNotOnePerLine() {
    ParsedBatch batch = read("{\n  \"id\": \"x\",\n  \"agent\": \n}\n");

    assertThat(batch.errors()).hasSize(1);
    assertThat(batch.errors().get(0).message()).startsWith("malformed JSON");
  }

  @Test
  void invalidUtf8IsRejected() {
    byte[] bad = rec("a").getBytes(StandardCharsets.UTF_8);
    bad[10] = (byte) 0xC3; // starts a two-byte sequence...
    bad[11] = (byte) 0x28; // ...that is not continued
    assertThat(reader.read(bad, "test").isValid()).isFalse();
    byte[] ndjson = (rec("a") + "\n" + rec("b")).getBytes(StandardCharsets.UTF_8);
    ndjson[ndjson.length - 5] = (byte) 0xFF;
    assertThat(reader.read(ndjson, UsageRecordReader.Form.NDJSON, "test").isValid()).isFalse();
  }

  @Test
  void deepNestingIsRejectedNotAStackOverflow() {
    String deep = "{\"agent\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    assertThat(read(deep).isValid()).isFalse();
  }
}
