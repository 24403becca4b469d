package dev.cto.costs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.capture.logs.ImportSummary;
import dev.cto.costs.capture.logs.UsageSink;
import dev.cto.costs.domain.Usd;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What an import says: the end summary and, with --watch, one line per pass. */
class ImportReportTest {

  static final ImportSummary PASS = new ImportSummary("claude-code", 40, 2, 1_204, 2_000_000, 310, 890,
      new UsageSink.Written(300, 10, Usd.of("1.2345"), 2), 1, List.of("/logs/s.jsonl:7: malformed JSON"), List.of());

  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @Test
  void aPassLineSaysWhenWhatWasReadAndWhatItCost() {
    ImportReport.printPass(spec(), PASS, false, Instant.parse("2026-11-23T15:40:02.123456Z"));

    assertThat(out.toString()).isEqualTo("2026-11-23T15:40:02Z claude-code: 2 files with new data, 1,204 lines,"
        + " 310 API responses: 300 new, 10 already imported, cost $1.23 (+ 2 unpriced), 1 bad lines skipped"
        + System.lineSeparator());
    assertThat(err.toString()).contains("/logs/s.jsonl:7: malformed JSON");
  }

  @Test
  void aJsonPassIsOneDocumentOnOneLineWithTheExactCost() throws Exception {
    ImportReport.printPass(spec(), PASS, true, Instant.parse("2026-11-23T15:40:02Z"));

    assertThat(out.toString().strip()).doesNotContain("\n");
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("records_new").asLong()).isEqualTo(300);
    assertThat(json.get("records_duplicate").asLong()).isEqualTo(10);
    assertThat(json.get("cost_usd").decimalValue()).isEqualByComparingTo("1.2345");
    assertThat(json.get("skipped").asLong()).isEqualTo(1);
    assertThat(json.get("at").asText()).isEqualTo("2026-11-23T15:40:02Z");
  }

  @Test
  void theEndSummaryCoversFilesLinesRecordsSkippedAndCost() {
    CommandLine.Model.CommandSpec spec = spec();
    ImportReport.print(spec.commandLine().getOut(), spec, PASS, false, false);

    assertThat(out.toString()).contains("40 files (2 with new data)").contains("1,204 lines")
        .contains("310 API responses (890 repeated usage lines merged): 300 new, 10 already imported")
        .contains("cost imported $1.23").contains("2 unpriced records");
    assertThat(err.toString()).contains("skipped 1 bad lines").contains("/logs/s.jsonl:7: malformed JSON");
  }

  private CommandLine.Model.CommandSpec spec() {
    CommandLine cmd = Main.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.getCommandSpec();
  }
}
