package dev.cto.costs.capture.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CostsApp;
import dev.cto.costs.store.UsageFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --watch}: passes in a thread against a folder being written, into a real SQLite store. */
class LogWatcherTest {

  static final Duration BOUND = Duration.ofSeconds(20);

  @TempDir Path tmp;
  Path home;
  Path stateFile;
  CostsApp app;
  LogWatcher watcher;
  Thread thread;
  final List<ImportSummary> passes = new CopyOnWriteArrayList<>();
  final List<RuntimeException> failures = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    home = tmp.resolve("claude");
    Files.createDirectories(home.resolve("projects/-home-dev-code-service-01"));
    stateFile = tmp.resolve("state.json");
    app = CostsApp.open(new AppOptions(tmp.resolve("costs.db"), null, null));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (watcher != null) {
      watcher.stop();
      thread.join(BOUND.toMillis());
    }
    app.close();
  }

  @Test
  void newLinesNewFilesAndACompletedLastLineAreImportedWhileWatching() throws Exception {
    Path log = home.resolve("projects/-home-dev-code-service-01/s-1.jsonl");
    Files.writeString(log, ClaudeLines.user() + ClaudeLines.assistant("msg_a", 100));
    start();
    await().atMost(BOUND).until(() -> ids().contains("msg_a"));

    Files.writeString(log, ClaudeLines.assistant("msg_b", 200), StandardOpenOption.APPEND);
    await().atMost(BOUND).until(() -> ids().contains("msg_b"));

    Path other = home.resolve("projects/-home-dev-code-service-02/s-2.jsonl");
    Files.createDirectories(other.getParent());
    Files.writeString(other, ClaudeLines.assistant("msg_c", 300));
    await().atMost(BOUND).until(() -> ids().contains("msg_c"));

    String whole = ClaudeLines.assistant("msg_d", 400);
    Files.writeString(log, whole.substring(0, 50), StandardOpenOption.APPEND); // the CLI is mid-write
    await().atMost(BOUND).until(() -> passes.stream().anyMatch(p -> p.skipped() > 0));
    Files.writeString(log, whole.substring(50), StandardOpenOption.APPEND);
    await().atMost(BOUND).until(() -> ids().contains("msg_d"));

    watcher.stop();
    assertThat(watcher.awaitStopped(BOUND)).isTrue();
    thread.join(BOUND.toMillis());

    assertThat(ids()).containsExactlyInAnyOrder("msg_a", "msg_b", "msg_c", "msg_d");
    assertThat(failures).isEmpty();
    JsonNode state = new ObjectMapper().readTree(stateFile.toFile());
    assertThat(state.get(log.toAbsolutePath().toString()).get("offset").asLong()).isEqualTo(Files.size(log));
    assertThat(state.get(log.toAbsolutePath().toString()).get("lines").asLong()).isEqualTo(4);
    assertThat(state.get(other.toAbsolutePath().toString()).get("offset").asLong()).isEqualTo(Files.size(other));
    // every record imported once, by the pass that first saw it complete
    assertThat(passes.stream().mapToLong(p -> p.written().accepted()).sum()).isEqualTo(4);
    assertThat(passes.stream().mapToLong(p -> p.written().duplicates()).sum()).isZero();
  }

  @Test
  void aFileTruncatedAndRewrittenWhileWatchingIsReadFromTheStart() throws Exception {
    Path log = home.resolve("projects/-home-dev-code-service-01/s-1.jsonl");
    Files.writeString(log, ClaudeLines.assistant("msg_a", 100) + ClaudeLines.assistant("msg_b", 200));
    start();
    await().atMost(BOUND).until(() -> ids().contains("msg_b"));

    Files.writeString(log, ClaudeLines.assistant("msg_x", 5)); // shorter: truncated, then rewritten
    await().atMost(BOUND).until(() -> ids().contains("msg_x"));
    watcher.stop();
    assertThat(watcher.awaitStopped(BOUND)).isTrue();

    JsonNode state = new ObjectMapper().readTree(stateFile.toFile());
    assertThat(state.get(log.toAbsolutePath().toString()).get("offset").asLong()).isEqualTo(Files.size(log));
    assertThat(failures).isEmpty();
  }

  @Test
  void stopEndsTheLoopWithinAPassAndABadIntervalIsRefused() throws Exception {
    Files.writeString(home.resolve("projects/-home-dev-code-service-01/s-1.jsonl"), ClaudeLines.assistant("msg_a", 1));
    start(Duration.ofHours(1));
    await().atMost(BOUND).until(() -> passes.size() == 1);
    watcher.stop(); // the hour-long wait between passes ends at once

    assertThat(watcher.awaitStopped(Duration.ofSeconds(5))).isTrue();
    assertThat(Files.exists(stateFile)).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LogWatcher(LogImporter.codex(), List.of(home),
            ImportState.inMemory(), new Attributor(AttributionFields.NONE, List.of()), UsageSink.dryRun(), Duration.ZERO))
        .hasMessageContaining("poll interval must be positive");
  }

  @Test
  void aCodexRolloutWrittenWhileWatchingGivesTheSameRecordsAsImportingItWhole() throws Exception {
    Path generated = tmp.resolve("generated");
    LogGenerator.generate(tmp.resolve("unused-claude"), "--usage-lines", "10", "--codex-out", generated.toString(),
        "--codex-events", "60", "--seed", "9");
    List<Path> rollouts;
    try (var files = Files.walk(generated)) {
      rollouts = files.filter(f -> f.getFileName().toString().startsWith("rollout-")).sorted().toList();
    }
    Recorded whole = new Recorded(null);
    LogImporter.codex().run(List.of(generated), ImportState.inMemory(), new Attributor(AttributionFields.NONE, List.of()),
        whole);
    Path watched = tmp.resolve("codex");
    Path target = watched.resolve(generated.relativize(rollouts.get(0)));
    Files.createDirectories(target.getParent());
    List<String> lines = Files.readAllLines(rollouts.get(0));
    int half = lines.size() / 2;
    Files.write(target, lines.subList(0, half));

    start(LogImporter.codex(), watched, UsageSink.collector(app.collector()), Duration.ofMillis(50));
    await().atMost(BOUND).until(() -> !ids().isEmpty());
    for (String line : lines.subList(half, lines.size())) { // the rest, a line at a time, as Codex writes it
      Files.writeString(target, line + "\n", StandardOpenOption.APPEND);
    }
    for (Path other : rollouts.subList(1, rollouts.size())) { // and a new session
      Path copy = watched.resolve(generated.relativize(other));
      Files.createDirectories(copy.getParent());
      Files.copy(other, copy);
    }
    List<String> expected = whole.records.stream().map(dev.cto.costs.domain.UsageRecord::id).toList();
    await().atMost(BOUND).until(() -> ids().size() == expected.size());

    assertThat(ids()).containsExactlyInAnyOrderElementsOf(expected);
    dev.cto.costs.domain.TokenCounts wholeTokens = whole.records.stream().map(dev.cto.costs.domain.UsageRecord::tokens)
        .reduce(dev.cto.costs.domain.TokenCounts.ZERO, dev.cto.costs.domain.TokenCounts::plus);
    assertThat(app.queries().totals(UsageFilter.ALL).tokens()).isEqualTo(wholeTokens);
    assertThat(failures).isEmpty();
  }

  @Test
  void aPassThatFailsIsReportedAndTheNextOneImportsWhatItCouldNot() throws Exception {
    Path log = home.resolve("projects/-home-dev-code-service-01/s-1.jsonl");
    Files.writeString(log, ClaudeLines.assistant("msg_a", 100));
    UsageSink store = UsageSink.collector(app.collector());
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    UsageSink downOnce = records -> {
      if (calls.getAndIncrement() == 0) {
        throw new IllegalStateException("collector unreachable");
      }
      return store.write(records);
    };
    start(LogImporter.claudeCode(), home, downOnce, Duration.ofMillis(50));
    // the pass is reported after its records are stored: wait for the report, not only the record
    await().atMost(BOUND).until(() -> ids().contains("msg_a") && !passes.isEmpty());

    assertThat(failures).singleElement().extracting(Throwable::getMessage).isEqualTo("collector unreachable");
    assertThat(passes.get(0).written().accepted()).isEqualTo(1);
  }

  private void start() {
    start(Duration.ofMillis(50));
  }

  private void start(Duration interval) {
    start(LogImporter.claudeCode(), home, UsageSink.collector(app.collector()), interval);
  }

  private void start(LogImporter importer, Path root, UsageSink sink, Duration interval) {
    watcher = new LogWatcher(importer, List.of(root), ImportState.load(stateFile),
        new Attributor(AttributionFields.NONE, List.of()), sink, interval);
    thread = new Thread(() -> {
      try {
        watcher.run(LogWatcher.onPass(passes::add, failures::add));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "watch-test");
    thread.start();
  }

  private List<String> ids() {
    List<String> ids = new ArrayList<>();
    app.queries().forEachRecord(UsageFilter.ALL, r -> ids.add(r.id()));
    return ids;
  }
}
