package dev.cto.costs.alerts;

import dev.cto.costs.budget.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.collect.CollectorOptions;
import dev.cto.costs.collect.ThresholdMonitor;
import dev.cto.costs.collect.UsageCollector;
import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.ModelPrice;
import dev.cto.costs.domain.PricingCatalog;
import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.domain.ThresholdLevel;
import dev.cto.costs.domain.Thresholds;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.TokenRates;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.store.AlertOutbox.DeliveryState;
import dev.cto.costs.store.AlertOutbox.Status;
import dev.cto.costs.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dispatcher with the real collector, monitor and SQLite outbox, and scripted sinks. */
class AlertDispatcherTest {

  private static final String REPO = "5dlabs/cto";
  private static final DispatchOptions FAST =
      new DispatchOptions(Duration.ofMillis(50), Duration.ofMillis(400), 4, Duration.ofSeconds(30), Duration.ofMillis(50));

  @TempDir Path dir;
  private JdbcStore store;
  private final List<AutoCloseable> open = new ArrayList<>();
  private ThresholdMonitor monitor;

  @BeforeEach
  void openStore() {
    store = JdbcStore.openSqlite(dir.resolve("costs.db"));
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    store.close();
  }

  /** $1 warning line; each record costs $0.60 (200k input tokens at $3/M). */
  private UsageCollector collector(AlertDispatcher dispatcher) {
    ModelPrice sonnet = ModelPrice.simple("claude-sonnet", "anthropic", TokenRates.of("3", "15"));
    CostSettings settings = new CostSettings(true, new Thresholds(Usd.of("1"), Usd.of("100")), REPO, new PricingCatalog(List.of(sonnet)));
    monitor = new ThresholdMonitor(store, store, () -> settings, List.of(dispatcher), Clock.systemUTC());
    UsageCollector collector = new UsageCollector(store, () -> settings, monitor, new CollectorOptions(1000, 100_000));
    open.add(monitor);
    open.add(collector);
    return collector;
  }

  private static UsageRecord record(String id, long pr) {
    return new UsageRecord(id, new Attribution(REPO, pr, "rex", "code", 1, null), null, "claude-sonnet", null,
        TokenCounts.of(200_000, 0), null, null, Instant.parse("2026-11-23T10:00:00Z"), "test");
  }

  private static AlertSink sink(String id, SinkBody body) {
    return new AlertSink() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public void deliver(ThresholdCrossing crossing) throws Exception {
        body.deliver(crossing);
      }
    };
  }

  interface SinkBody {
    void deliver(ThresholdCrossing crossing) throws Exception;
  }

  private AlertDispatcher dispatcher(List<AlertSink> sinks) {
    AlertDispatcher d = new AlertDispatcher(store, () -> sinks, Clock.systemUTC(), FAST);
    open.add(d);
    return d.start();
  }

  @Test
  void aBlockedSinkDoesNotDelayIngestAndEveryCrossingIsDeliveredOnceAfterwards() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Long> delivered = new CopyOnWriteArrayList<>();
    AlertDispatcher dispatcher = dispatcher(List.of(sink("blocked", c -> {
      release.await(30, TimeUnit.SECONDS);
      delivered.add(c.prNumber());
    })));
    UsageCollector collector = collector(dispatcher);

    long started = System.nanoTime();
    for (long pr = 1; pr <= 20; pr++) {
      collector.ingest(List.of(record("a" + pr, pr), record("b" + pr, pr))); // $1.20: crosses the $1 warning
    }
    Duration ingest = Duration.ofNanos(System.nanoTime() - started);
    assertThat(ingest).as("ingest while the sink hangs").isLessThan(Duration.ofSeconds(5));
    assertThat(delivered).isEmpty();

    release.countDown();
    Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> delivered.size() == 20);
    Thread.sleep(300); // a few more polls: nothing is sent twice
    assertThat(delivered).doesNotHaveDuplicates().hasSize(20);
    assertThat(store.deliveries(REPO, 7)).containsExactly(new DeliveryState("blocked", Status.DELIVERED, 1, null));
  }

  @Test
  void aFailingSinkIsRetriedWithBackoffWithoutHoldingUpTheOthers() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    List<Instant> attempts = new CopyOnWriteArrayList<>();
    List<Long> healthy = new CopyOnWriteArrayList<>();
    AlertDispatcher dispatcher = dispatcher(List.of(
        sink("flaky", c -> {
          attempts.add(Instant.now());
          if (calls.incrementAndGet() < 3) {
            throw new java.io.IOException("HTTP 500");
          }
        }),
        sink("healthy", c -> healthy.add(c.prNumber()))));
    collector(dispatcher).ingest(List.of(record("a", 1), record("b", 1)));

    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> store.deliveries(REPO, 1).stream().allMatch(s -> s.status() == Status.DELIVERED));
    assertThat(healthy).containsExactly(1L);
    assertThat(attempts).hasSize(3);
    // backoff: 50ms after the first failure, 100ms after the second
    assertThat(Duration.between(attempts.get(0), attempts.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    assertThat(Duration.between(attempts.get(1), attempts.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    assertThat(store.deliveries(REPO, 1)).contains(new DeliveryState("flaky", Status.DELIVERED, 3, null));
  }

  /** Each sink is delivered to on its own: one that hangs (up to its timeout) holds up only itself. */
  @Test
  void aHangingSinkDoesNotHoldUpTheOthers() throws Exception {
    CountDownLatch hanging = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Long> healthy = new CopyOnWriteArrayList<>();
    List<Long> slow = new CopyOnWriteArrayList<>();
    AlertDispatcher dispatcher = dispatcher(List.of(
        sink("slow", c -> {
          hanging.countDown();
          release.await(30, TimeUnit.SECONDS);
          slow.add(c.prNumber());
        }),
        sink("healthy", c -> healthy.add(c.prNumber()))));
    UsageCollector collector = collector(dispatcher);
    collector.ingest(List.of(record("a1", 1), record("b1", 1)));
    assertThat(hanging.await(10, TimeUnit.SECONDS)).as("the slow sink was called").isTrue();

    collector.ingest(List.of(record("a2", 2), record("b2", 2))); // while the slow sink hangs
    Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> healthy.size() == 2);
    assertThat(healthy).containsExactlyInAnyOrder(1L, 2L);
    assertThat(slow).isEmpty();

    release.countDown();
    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> slow.size() == 2);
    assertThat(slow).containsExactly(1L, 2L);
    assertThat(healthy).hasSize(2);
  }

  @Test
  void aSinkThatNeverSucceedsIsGivenUpAfterMaxAttempts() {
    AtomicInteger calls = new AtomicInteger();
    AlertDispatcher dispatcher = dispatcher(List.of(sink("dead", c -> {
      calls.incrementAndGet();
      throw new java.io.IOException("HTTP 404");
    })));
    collector(dispatcher).ingest(List.of(record("a", 1), record("b", 1)));

    Awaitility.await().atMost(10, TimeUnit.SECONDS)
        .until(() -> store.deliveries(REPO, 1).equals(List.of(new DeliveryState("dead", Status.FAILED, 4, "HTTP 404"))));
    assertThat(calls.get()).isEqualTo(4);
  }

  @Test
  void thePrCommentSinkPublishesTheCrossingAtOnce() {
    RecordingCommentPort port = new RecordingCommentPort(Clock.systemUTC());
    PrCommentScheduler comments = new PrCommentScheduler(port, () -> true, () -> Duration.ofMinutes(5), Clock.systemUTC(), 100);
    open.add(comments);
    ConfiguredSinks sinks = new ConfiguredSinks(() -> new AlertSettings(List.of(), true, null), comments, WebhookSink.newClient(), k -> null);
    AlertDispatcher dispatcher = new AlertDispatcher(store, sinks, Clock.systemUTC(), FAST);
    open.add(dispatcher.start());
    collector(dispatcher).ingest(List.of(record("a", 9), record("b", 9)));

    Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> port.published.size() == 1);
    RecordingCommentPort.Published p = port.published.get(0);
    assertThat(p.pr()).isEqualTo(9);
    assertThat(p.crossing().level()).isEqualTo(ThresholdLevel.WARNING);
    assertThat(p.crossing().total()).isEqualTo(Usd.of("1.2"));
    assertThat(store.deliveries(REPO, 9)).containsExactly(new DeliveryState(PrCommentSink.ID, Status.DELIVERED, 1, null));
  }

  @Test
  void committedUsageReachesTheCommentSchedulerThroughTheMonitorsHook() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    RecordingCommentPort port = new RecordingCommentPort(clock);
    PrCommentScheduler comments = new PrCommentScheduler(port, () -> true, () -> Duration.ofMinutes(5), clock, 100);
    AlertDispatcher dispatcher = dispatcher(List.of());
    UsageCollector collector = collector(dispatcher);
    monitor.onUsage(comments::onUsage);

    collector.ingest(List.of(record("x", 41), record("y", 42)));
    collector.ingest(List.of(record("x", 41))); // a duplicate: no new usage

    assertThat(comments.pending()).isEqualTo(2);
    comments.publishDue();
    assertThat(port.published).extracting(RecordingCommentPort.Published::pr).containsExactlyInAnyOrder(41L, 42L);
  }
}
