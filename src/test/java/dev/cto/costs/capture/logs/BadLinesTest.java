package dev.cto.costs.capture.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.domain.UsageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines that are not what Claude Code writes are skipped, counted and listed; the good ones still count. */
class BadLinesTest {

  @TempDir Path home;

  @Test
  void badLinesAreSkippedCountedAndListedByFileAndLine() throws Exception {
    Path log = home.resolve("projects/p/s.jsonl");
    Files.createDirectories(log.getParent());
    String good = ClaudeLines.assistant("msg_ok", 100);
    Files.writeString(log, ClaudeLines.assistant("msg_1", 5)
        + "{\"type\":\"assistant\",\"message\":{\"id\":\"m\",\"usage\":{\"input_tokens\":1\n"   // 2: cut JSON
        + "[1,2,3]\n"                                                                           // 3: not an object
        + good.replace("\"model\":\"claude-sonnet-4-5-20250929\",", "")                         // 4: no model
        + good.replace("\"output_tokens\":100", "\"output_tokens\":\"100\"")                    // 5: count as text
        + good.replace("2026-09-01T10:00:00.000Z", "yesterday")                                 // 6: bad timestamp
        + "{\"message\":{}}\n"                                                                  // 7: no type
        + "\n"                                                                                  // 8: blank: not an error
        + ClaudeLines.user()                                                                    // 9: fine, no usage
        + good);                                                                                // 10
    Recorded sink = new Recorded(null);
    ImportSummary summary = LogImporter.claudeCode().run(List.of(home), ImportState.inMemory(),
        new Attributor(AttributionFields.NONE, List.of()), sink);

    assertThat(sink.records).extracting(UsageRecord::id).containsExactlyInAnyOrder("msg_1", "msg_ok");
    assertThat(summary.lines()).isEqualTo(10);
    assertThat(summary.skipped()).isEqualTo(6);
    assertThat(summary.firstSkipped()).hasSize(6);
    assertThat(summary.firstSkipped().get(0)).startsWith(log + ":2: malformed JSON");
    assertThat(summary.firstSkipped()).extracting(s -> s.substring(log.toString().length()).split(": ")[0])
        .containsExactly(":2", ":3", ":4", ":5", ":6", ":7");
    assertThat(summary.firstSkipped().get(2)).contains("message.model");
  }

  @Test
  void allBadLinesAreCountedButOnlyTheFirstTenListed() throws Exception {
    Path log = home.resolve("projects/p/s.jsonl");
    Files.createDirectories(log.getParent());
    Files.writeString(log, "not json\n".repeat(25) + ClaudeLines.assistant("msg_ok", 1));
    Recorded sink = new Recorded(null);
    ImportSummary summary = LogImporter.claudeCode().run(List.of(home), ImportState.inMemory(),
        new Attributor(AttributionFields.NONE, List.of()), sink);

    assertThat(summary.skipped()).isEqualTo(25);
    assertThat(summary.firstSkipped()).hasSize(10).last().asString().startsWith(log + ":10:");
    assertThat(sink.records).hasSize(1);
  }
}
