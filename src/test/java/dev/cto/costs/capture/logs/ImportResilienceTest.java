package dev.cto.costs.capture.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.domain.UsageRecord;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One bad file or line does not stop an import: a line over the limit is a bad line, a logs folder
 * kept elsewhere behind a link is read, a link to nothing is listed and read once it resolves, and
 * entries that are not files are never opened. (Unreadable files by permission, which root reads
 * anyway, are in {@code cli.ImportResilienceProcessTest}, run without the capability to bypass them.)
 */
class ImportResilienceTest {

  @TempDir Path tmp;

  /**
   * A line longer than the limit, as a sparse file (100 MiB of zeros that cost no disk), over a
   * 1 MiB limit. A line past 2 GiB at the default limit, in a small heap, is in {@code
   * cli.ImportResilienceProcessTest}.
   */
  @Test
  void aLineOverTheLimitIsOneBadLineAndTheLinesAroundItAreImported() throws Exception {
    Path log = tmp.resolve("claude/projects/-p/s.jsonl");
    Files.createDirectories(log.getParent());
    byte[] before = ClaudeLines.assistant("msg_before", 10).getBytes(StandardCharsets.UTF_8);
    byte[] after = ("\n" + ClaudeLines.assistant("msg_after", 20)).getBytes(StandardCharsets.UTF_8);
    long hole = 100L << 20;
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "rw")) {
      file.write(before);
      file.seek(before.length + hole);
      file.write(after);
    }
    Recorded sink = new Recorded(null);

    ImportSummary summary = LogImporter.claudeCode().withMaxLineBytes(1 << 20)
        .run(List.of(tmp.resolve("claude")), ImportState.inMemory(), none(), sink);

    assertThat(sink.records).extracting(UsageRecord::id).containsExactly("msg_before", "msg_after");
    assertThat(summary.skipped()).isEqualTo(1);
    assertThat(summary.firstSkipped()).containsExactly(log + ":2: a line of " + hole
        + " bytes, longer than the limit of 1048576 bytes: skipped unread");
    assertThat(summary.lines()).isEqualTo(3);
    assertThat(summary.unreadable()).isEmpty();
  }

  @Test
  void theDefaultLimitIs64MiBAndAnImporterRefusesAnImpossibleOne() {
    assertThat(LogImporter.DEFAULT_MAX_LINE_BYTES).isEqualTo(64 * 1024 * 1024);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> LogImporter.codex().withMaxLineBytes(0))
        .hasMessageContaining("the line limit must be 1 to");
  }

  /** {@code ~/.claude/projects -> /data/claude-projects}: the files are found, under the path the user gave. */
  @Test
  void aProjectsFolderThatIsALinkIsFollowed() throws Exception {
    Path elsewhere = tmp.resolve("volume/claude-projects");
    write(elsewhere.resolve("-home-dev-a/s-1.jsonl"), ClaudeLines.assistant("msg_a", 1));
    write(elsewhere.resolve("-home-dev-b/s-2.jsonl"), ClaudeLines.assistant("msg_b", 2));
    Path home = Files.createDirectories(tmp.resolve("home/.claude"));
    Files.createSymbolicLink(home.resolve("projects"), elsewhere);
    Path codexHome = Files.createDirectories(tmp.resolve("home/.codex"));
    Path rollouts = tmp.resolve("volume/codex-sessions");
    write(rollouts.resolve("2026/09/01/rollout-2026-09-01T10-00-00-s1.jsonl"), """
        {"timestamp":"2026-09-01T10:00:00.000Z","type":"turn_context","payload":{"model":"gpt-5"}}
        {"timestamp":"2026-09-01T10:00:02.000Z","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":10,"cached_input_tokens":0,"output_tokens":5,"total_tokens":15}}}}
        """);
    Files.createSymbolicLink(codexHome.resolve("sessions"), rollouts);
    ImportState state = ImportState.load(tmp.resolve("state.json"));
    Recorded claude = new Recorded(null);
    Recorded codex = new Recorded(null);

    ImportSummary summary = LogImporter.claudeCode().run(List.of(home), state, none(), claude);
    LogImporter.codex().run(List.of(codexHome), state, none(), codex);
    state.save();

    assertThat(summary.files()).isEqualTo(2);
    assertThat(claude.records).extracting(UsageRecord::id).containsExactly("msg_a", "msg_b");
    assertThat(codex.records).hasSize(1);
    // the state names the files by the linked path: a re-run finds them again whatever the link points at
    assertThat(new ObjectMapper().readTree(tmp.resolve("state.json").toFile()).fieldNames()).toIterable()
        .contains(home.resolve("projects/-home-dev-a/s-1.jsonl").toAbsolutePath().toString());
    assertThat(LogImporter.claudeCode().run(List.of(home), state, none(), new Recorded(null)).filesRead()).isZero();
  }

  /**
   * Links inside the logs folder are not followed: a link back up the tree would make the walk
   * loop, and a linked project would be read twice. Entries that are not files (a FIFO with a
   * log's name) are never opened: opening a FIFO to read blocks until something writes to it.
   */
  @Test
  void linksInsideTheLogsFolderAreNotFollowedAndAFifoIsNeverOpened() throws Exception {
    Path projects = tmp.resolve("claude/projects");
    write(projects.resolve("-a/s-1.jsonl"), ClaudeLines.assistant("msg_a", 1));
    write(tmp.resolve("outside/-x/s-9.jsonl"), ClaudeLines.assistant("msg_outside", 9));
    Files.createSymbolicLink(projects.resolve("-a/loop"), projects); // back up the tree
    Files.createSymbolicLink(projects.resolve("-linked"), tmp.resolve("outside/-x"));
    Files.createSymbolicLink(projects.resolve("-a/linked.jsonl"), projects.resolve("-a/s-1.jsonl"));
    mkfifo(projects.resolve("-a/pipe.jsonl"));
    Recorded sink = new Recorded(null);

    ImportSummary summary = assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
        LogImporter.claudeCode().run(List.of(tmp.resolve("claude")), ImportState.inMemory(), none(), sink));

    assertThat(sink.records).extracting(UsageRecord::id).containsExactly("msg_a");
    assertThat(summary.files()).isEqualTo(1);
    assertThat(summary.unreadable()).isEmpty();
  }

  /**
   * {@code projects} linked to a volume that is not mounted yet: said so (not "0 files" in
   * silence), nothing remembered, and the next run, once the link resolves, imports the files.
   */
  @Test
  void aProjectsLinkToNothingIsListedAndReadOnceItResolves() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("claude"));
    Path volume = tmp.resolve("volume");
    Files.createSymbolicLink(home.resolve("projects"), volume);
    ImportState state = ImportState.load(tmp.resolve("state.json"));

    ImportSummary missing = LogImporter.claudeCode().run(List.of(home), state, none(), new Recorded(null));
    write(volume.resolve("-a/s-1.jsonl"), ClaudeLines.assistant("msg_a", 1));
    Recorded sink = new Recorded(null);
    ImportSummary mounted = LogImporter.claudeCode().run(List.of(home), state, none(), sink);

    assertThat(missing.unreadable()).containsExactly(new Unreadable(home.resolve("projects"), true,
        "a link to " + volume + ", not a folder that exists"));
    assertThat(missing.nothingReadable()).isTrue();
    assertThat(mounted.unreadable()).isEmpty();
    assertThat(sink.records).extracting(UsageRecord::id).containsExactly("msg_a");
  }

  private static Attributor none() {
    return new Attributor(AttributionFields.NONE, List.of());
  }

  private static void write(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static void mkfifo(Path path) throws Exception {
    Process p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0).as("mkfifo " + path).isTrue();
  }
}
