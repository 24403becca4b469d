package dev.cto.costs.capture.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cto.costs.collect.CollectorOptions;
import dev.cto.costs.collect.FailingStore;
import dev.cto.costs.collect.UsageCollector;
import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.pricing.DefaultCatalog;
import dev.cto.costs.store.UsageFilter;
import dev.cto.costs.store.jdbc.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** While the store cannot commit, captured usage waits in the spool; it is replayed, once, when it can. */
class SpoolReplayTest {

  @TempDir Path dir;

  private static UsageRecord record(String id, long input) {
    return new UsageRecord(id, new Attribution("5dlabs/cto", 3L, "rex", "code", 1, null), "claude", "claude-sonnet-4-5",
        "anthropic", new TokenCounts(input, 10, 5, 1, 100), null, "req-" + id, Instant.parse("2026-11-20T10:00:00Z"), "proxy");
  }

  /**
   * A record whose commit failed is spooled from the collector's writer thread, while a replay may
   * hold the spool and wait for that same writer to commit what it replays. The spooling must not
   * wait for the replay: it stalled the writer (all ingest) until the replay's 60 s time-out.
   */
  @Test
  void spoolingAFailedRecordNeverWaitsForAReplayInProgress() throws Exception {
    UsageSpool spool = new UsageSpool(dir.resolve("spool/proxy-spool.ndjson"));
    spool.append(record("waiting", 1)); // what the next replay will send
    BlockingQueue<CompletableFuture<Object>> submitted = new LinkedBlockingQueue<>();
    ProxyRecorder.RecordSubmitter collector = records -> {
      CompletableFuture<Object> f = new CompletableFuture<>();
      submitted.add(f);
      return f;
    };
    Thread writer;
    try (ProxyRecorder recorder = new ProxyRecorder(collector, spool, 3_600_000)) { // replay at start only
      CompletableFuture<Object> replayed = submitted.poll(10, TimeUnit.SECONDS); // the replay waits on this
      assertThat(replayed).isNotNull();
      recorder.record(record("failed", 2));
      CompletableFuture<Object> failed = submitted.poll(10, TimeUnit.SECONDS);
      writer = new Thread(() -> { // the collector's writer: fails one commit, then does the next
        failed.completeExceptionally(new IllegalStateException("injected: database is locked"));
        replayed.complete("committed");
      }, "writer");
      writer.start();
      writer.join(5_000);
      assertThat(writer.isAlive()).as("the writer is stuck spooling the failed record").isFalse();
      await().atMost(Duration.ofSeconds(5)).until(() -> spool.pending() == 1 && recorder.spooled() == 1);
    }
    assertThat(Files.readString(spool.file())).contains("\"failed\"").doesNotContain("\"waiting\"");
  }

  @Test
  void recordsSpooledDuringAnOutageAreReplayedExactlyOnce() {
    try (JdbcStore real = JdbcStore.openSqlite(dir.resolve("costs.db"))) {
      FailingStore store = new FailingStore(real);
      CostSettings settings = CostSettings.of(DefaultCatalog.load());
      UsageCollector collector = new UsageCollector(store, () -> settings, null, CollectorOptions.DEFAULTS);
      UsageSpool spool = new UsageSpool(dir.resolve("spool/proxy-spool.ndjson"));
      store.down.set(true);
      try (ProxyRecorder recorder = new ProxyRecorder(collector, spool, 100)) {
        recorder.record(record("m1", 1000));
        recorder.record(record("m2", 2000));
        await().atMost(Duration.ofSeconds(10)).until(() -> spool.pending() == 2);
        assertThat(recorder.spooled()).isEqualTo(2);
        assertThat(real.totals(UsageFilter.ALL).records()).isZero();

        store.down.set(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> real.totals(UsageFilter.ALL).records() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> spool.pending() == 0);
        recorder.record(record("m1", 1000)); // the same call captured again (e.g. by log import)
      }
      collector.close();
      assertThat(real.totals(UsageFilter.ALL).records()).isEqualTo(2);
      assertThat(real.totals(UsageFilter.ALL).tokens()).isEqualTo(new TokenCounts(3000, 20, 10, 2, 200));
    }
  }
}
