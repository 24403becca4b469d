package dev.cto.costs.capture.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.domain.UsageRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A re-run reads only what is new: appended lines, a rewritten file, a line that was half written. */
class IncrementalImportTest {

  @TempDir Path home;
  Path log;
  Path stateFile;

  @BeforeEach
  void setUp() throws Exception {
    log = home.resolve("projects/-home-dev-code-service-01/s-1.jsonl");
    Files.createDirectories(log.getParent());
    stateFile = home.resolve("state.json");
  }

  @Test
  void appendedLinesAreTheOnlyOnesReadAgain() throws Exception {
    Files.writeString(log, ClaudeLines.user() + ClaudeLines.assistant("msg_a", 100) + ClaudeLines.assistant("msg_b", 200));
    Run first = run();
    String appended = ClaudeLines.user() + ClaudeLines.assistant("msg_c", 300);
    Files.writeString(log, appended, StandardOpenOption.APPEND);
    Run second = run();
    Run third = run();

    assertThat(ids(first)).containsExactly("msg_a", "msg_b");
    assertThat(ids(second)).containsExactly("msg_c");
    assertThat(second.summary.lines()).isEqualTo(2);
    assertThat(second.summary.bytes()).isEqualTo(appended.length());
    assertThat(third.summary.filesRead()).isZero();
    assertThat(third.sink.records).isEmpty();
  }

  @Test
  void aTruncatedOrReplacedFileIsReadFromTheStart() throws Exception {
    Files.writeString(log, ClaudeLines.assistant("msg_a", 100) + ClaudeLines.assistant("msg_b", 200));
    run();
    Files.writeString(log, ClaudeLines.assistant("msg_x", 5)); // shorter: truncated and rewritten
    Run truncated = run();
    // same length or longer, other content: only the head tells it is another file
    Files.writeString(log, ClaudeLines.assistant("msg_y", 7) + ClaudeLines.assistant("msg_z", 8));
    Run replaced = run();

    assertThat(ids(truncated)).containsExactly("msg_x");
    assertThat(ids(replaced)).containsExactly("msg_y", "msg_z");
    assertThat(replaced.summary.skipped()).isZero();
  }

  @Test
  void aHalfWrittenLastLineIsSkippedThenReadOnceComplete() throws Exception {
    String whole = ClaudeLines.assistant("msg_b", 200);
    Files.writeString(log, ClaudeLines.assistant("msg_a", 100) + whole.substring(0, 40));
    Run first = run();
    Run unchanged = run();
    Files.writeString(log, whole.substring(40), StandardOpenOption.APPEND);
    Run completed = run();

    assertThat(ids(first)).containsExactly("msg_a");
    assertThat(first.summary.skipped()).isEqualTo(1);
    assertThat(first.summary.firstSkipped()).singleElement().asString().startsWith(log + ":2: half-written");
    assertThat(unchanged.summary.filesRead()).isZero();
    assertThat(ids(completed)).containsExactly("msg_b");
    assertThat(completed.summary.skipped()).isZero();
    assertThat(completed.sink.records.get(0).tokens().output()).isEqualTo(200);
  }

  @Test
  void partialStreamingCopiesCountOnceWithTheFinalCounts() throws Exception {
    Files.writeString(log, ClaudeLines.assistant("msg_a", "req_1", 10, 3, 0, 0, 0)
        + ClaudeLines.assistant("msg_a", "req_1", 10, 250, 100, 50, 900)
        + ClaudeLines.assistant("msg_a", "req_1", 10, 7, 0, 0, 0));
    Path sidechain = log.resolveSibling("s-1/subagents/agent-a1.jsonl");
    Files.createDirectories(sidechain.getParent());
    Files.writeString(sidechain, ClaudeLines.assistant("msg_a", "req_1", 10, 250, 100, 50, 900)); // a replay
    Run run = run();

    assertThat(run.sink.records).singleElement().satisfies(r -> {
      assertThat(r.id()).isEqualTo("msg_a");
      assertThat(r.requestId()).isEqualTo("req_1");
      assertThat(r.tokens()).isEqualTo(new dev.cto.costs.domain.TokenCounts(10, 250, 100, 50, 900));
      assertThat(r.sessionId()).isEqualTo("s-1");
    });
    assertThat(run.summary.responses()).isEqualTo(1);
    assertThat(run.summary.copies()).isEqualTo(3);
  }

  @Test
  void theLastResponseOfAFileStillBeingWrittenWaitsUntilTheFileSettles() throws Exception {
    Duration settle = Duration.ofMinutes(1);
    Files.writeString(log, ClaudeLines.assistant("msg_a", 100) + ClaudeLines.user()
        + ClaudeLines.assistant("msg_b", "req_b", 10, 3, 0, 0, 0)); // first block, partial count
    Run writing = run(settle);
    Files.writeString(log, ClaudeLines.assistant("msg_b", "req_b", 10, 250, 0, 0, 0), StandardOpenOption.APPEND);
    Run stillWriting = run(settle);
    Run unchanged = run(settle);
    Files.setLastModifiedTime(log, FileTime.from(Instant.now().minus(Duration.ofMinutes(2))));
    Run settled = run(settle);
    Run after = run(settle);

    assertThat(ids(writing)).containsExactly("msg_a");
    assertThat(stillWriting.sink.records).isEmpty();
    assertThat(unchanged.summary.filesRead()).isZero();
    assertThat(settled.sink.records).singleElement().satisfies(r -> {
      assertThat(r.id()).isEqualTo("msg_b");
      assertThat(r.tokens().output()).isEqualTo(250);
    });
    assertThat(settled.summary.lines()).isEqualTo(2);
    assertThat(after.summary.filesRead()).isZero();
  }

  /**
   * A re-run decides from size and modification time alone that a file is untouched; a file
   * rewritten to the same size with a new modification time is still looked at (and read again).
   */
  @Test
  void aRewriteOfTheSameSizeIsNoticedByItsModificationTime() throws Exception {
    Files.writeString(log, ClaudeLines.assistant("msg_a", 100));
    Instant written = Instant.parse("2026-09-01T10:00:00Z");
    Files.setLastModifiedTime(log, FileTime.from(written));
    run();
    String sameSize = ClaudeLines.assistant("msg_b", 200);
    assertThat(sameSize).hasSameSizeAs(ClaudeLines.assistant("msg_a", 100));

    Files.writeString(log, sameSize);
    Files.setLastModifiedTime(log, FileTime.from(written)); // as if nothing had happened
    Run unnoticed = run();
    Files.setLastModifiedTime(log, FileTime.from(written.plusSeconds(1)));
    Run noticed = run();

    assertThat(unnoticed.summary.filesRead()).isZero();
    assertThat(ids(noticed)).containsExactly("msg_b");
  }

  record Run(ImportSummary summary, Recorded sink) {}

  private Run run() {
    return run(Duration.ZERO);
  }

  private Run run(Duration settle) {
    ImportState state = ImportState.load(stateFile);
    Recorded sink = new Recorded(null);
    ImportSummary summary = LogImporter.claudeCode().withSettle(settle).run(List.of(home), state,
        new Attributor(AttributionFields.NONE, List.of()), sink);
    state.save();
    return new Run(summary, sink);
  }

  private static List<String> ids(Run run) {
    return run.sink.records.stream().map(UsageRecord::id).toList();
  }
}
