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
    start(Duration.ofHours(1));
    await().atMost(BOUND).until(() -> passes.size() == 1);
    watcher.stop(); // the hour-long wait between passes ends at once

    assertThat(watcher.awaitStopped(Duration.ofSeconds(5))).isTrue();
    assertThat(Files.exists(stateFile)).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LogWatcher(LogImporter.codex(), List.of(home),
            ImportState.inMemory(), new Attributor(AttributionFields.NONE, List.of()), UsageSink.dryRun(), Duration.ZERO))
        .hasMessageContaining("poll interval must be positive");
  }

  private void start() {
    start(Duration.ofMillis(50));
  }

  private void start(Duration interval) {
    watcher = new LogWatcher(LogImporter.claudeCode(), List.of(home), ImportState.load(stateFile),
        new Attributor(AttributionFields.NONE, List.of()), UsageSink.collector(app.collector()), interval);
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
