package dev.cto.costs.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.ModelPrice;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.PricingCatalog;
import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.domain.ThresholdLevel;
import dev.cto.costs.domain.Thresholds;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.TokenRates;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.metrics.CollectorMeters;
import dev.cto.costs.metrics.CostMetrics;
import dev.cto.costs.store.StoreException;
import dev.cto.costs.store.StoreUnavailableException;
import dev.cto.costs.store.UsageFilter;
import dev.cto.costs.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector against a real SQLite store (wrapped to fail on demand). */
class CollectorTest {

  @TempDir Path dir;
  private JdbcStore store;
  private FailingStore failing;
  private final AtomicReference<CostSettings> settings = new AtomicReference<>(settings(Thresholds.NONE));
  private final List<ThresholdCrossing> alerts = new CopyOnWriteArrayList<>();
  private ThresholdMonitor monitor;
  private UsageCollector collector;

  static CostSettings settings(Thresholds thresholds) {
    ModelPrice sonnet = ModelPrice.simple("claude-sonnet", "anthropic", TokenRates.of("3", "15"));
    return new CostSettings(true, thresholds, "5dlabs/cto", new PricingCatalog(List.of(sonnet)));
  }

  @BeforeEach
  void start() {
    store = JdbcStore.openSqlite(dir.resolve("costs.db"));
    failing = new FailingStore(store);
    monitor = new ThresholdMonitor(failing, store, settings::get, List.of(alerts::add), Clock.systemUTC());
    collector = new UsageCollector(failing, settings::get, monitor, new CollectorOptions(1000, 100_000));
  }

  @AfterEach
  void stop() {
    collector.close();
    monitor.close();
    store.close();
  }

  static UsageRecord record(String id, Long pr, String model, long in, long out) {
    return new UsageRecord(id, new Attribution(null, pr, "rex", "code", 1, null), null, model, null,
        TokenCounts.of(in, out), null, null, Instant.parse("2026-03-01T10:00:00Z"), "test");
  }

  @Test
  void pricesAppliesTheDefaultRepositoryAndAcknowledgesAfterCommit() {
    IngestResult result = collector.ingest(List.of(record("a", 123L, "claude-sonnet", 10_000, 5_000)));

    assertThat(result.accepted()).isEqualTo(1);
    assertThat(result.records().get(0).cost()).isEqualTo(Usd.of("0.105"));
    List<PricedUsage> stored = new ArrayList<>();
    store.forEachRecord(UsageFilter.ALL, stored::add);
    assertThat(stored).singleElement().satisfies(p -> {
      assertThat(p.attribution().repository()).isEqualTo("5dlabs/cto");
      assertThat(p.provider()).isEqualTo("anthropic");
      assertThat(p.cost()).isEqualTo(Usd.of("0.105"));
    });
  }

  @Test
  void unknownModelsAreStoredUnpricedWithEveryToken() {
    IngestResult result = collector.ingest(List.of(record("u", 1L, "brand-new-model", 777, 88)));

    assertThat(result.records().get(0).priced()).isFalse();
    var total = store.totals(UsageFilter.ALL);
    assertThat(total.unpricedRecords()).isEqualTo(1);
    assertThat(total.tokens().input()).isEqualTo(777);
    assertThat(total.tokens().output()).isEqualTo(88);
  }

  @Test
  void resentIdsAreDuplicatesWithinAndAcrossRequests() {
    collector.ingest(List.of(record("a", 1L, "claude-sonnet", 1, 1)));

    IngestResult again = collector.ingest(List.of(record("a", 1L, "claude-sonnet", 1, 1), record("b", 1L, "claude-sonnet", 1, 1), record("b", 1L, "claude-sonnet", 1, 1)));

    assertThat(again.accepted()).isEqualTo(1);
    assertThat(again.duplicates()).isEqualTo(2);
    assertThat(again.records()).extracting(IngestResult.RecordOutcome::duplicate).containsExactly(true, false, true);
    assertThat(store.totals(UsageFilter.ALL).records()).isEqualTo(2);
  }

  @Test
  void concurrentRequestsShareCommitsAndEveryAcknowledgedRecordIsStoredOnce() throws Exception {
    failing.delayMillis.set(20); // slow commits let requests pile up behind the writer
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<IngestResult>> results = new ArrayList<>();
    for (int t = 0; t < 64; t++) {
      int thread = t;
      results.add(pool.submit(() -> {
        List<UsageRecord> batch = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
          // every id is sent by two threads: exactly one of them must win
          batch.add(record("r-" + (thread / 2) + "-" + i, (long) (thread % 5 + 1), "claude-sonnet", 100, 10));
        }
        return collector.ingest(batch);
      }));
    }
    long accepted = 0;
    for (Future<IngestResult> f : results) {
      accepted += f.get().accepted();
    }
    pool.shutdown();

    assertThat(accepted).isEqualTo(32 * 25);
    assertThat(store.totals(UsageFilter.ALL).records()).isEqualTo(32 * 25);
    assertThat(collector.stats().batches()).isLessThan(64); // group commit really grouped
    assertThat(collector.stats().requests()).isEqualTo(64);
  }

  @Test
  void aFailedCommitFailsEveryRequestInItAndStoresNothing() {
    failing.failNext.set(true);

    assertThatThrownBy(() -> collector.ingest(List.of(record("a", 1L, "claude-sonnet", 1, 1), record("b", 1L, "claude-sonnet", 1, 1))))
        .isInstanceOf(StoreException.class);

    assertThat(store.totals(UsageFilter.ALL).records()).isZero();
    // the collector recovers: the retry of the same request is stored once
    assertThat(collector.ingest(List.of(record("a", 1L, "claude-sonnet", 1, 1))).accepted()).isEqualTo(1);
  }

  /**
   * A failed group commit is retried request by request only while the store can write: when it
   * is down, the requests fail at once, with no attempt per request (that would hold every caller
   * for one more timeout each and load a database that is struggling).
   */
  @Test
  void whenTheStoreIsDownAFailedGroupCommitIsNotRetriedPerRequest() throws Exception {
    CountDownLatch writerHeld = holdTheWriterOnItsNextTransaction();
    List<CompletableFuture<IngestResult>> queued = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      queued.add(collector.submit(List.of(record("q" + i, 1L, "claude-sonnet", 1, 1))));
    }
    failing.down.set(true);
    writerHeld.countDown();

    for (CompletableFuture<IngestResult> f : queued) {
      assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreUnavailableException.class);
    }
    assertThat(failing.inserts.get()).as("the held transaction and the group commit, nothing per request").isEqualTo(2);
  }

  /** A refused record starts the one-by-one retry; the store going down during it fails the rest at once. */
  @Test
  void anOutageMetWhileRetryingOneByOneFailsTheRestWithoutTryingThem() throws Exception {
    failing.refusedIds.add("bad");
    CountDownLatch writerHeld = holdTheWriterOnItsNextTransaction();
    CompletableFuture<IngestResult> a = collector.submit(List.of(record("a", 1L, "claude-sonnet", 1, 1)));
    CompletableFuture<IngestResult> culprit = collector.submit(List.of(record("bad", 1L, "claude-sonnet", 1, 1)));
    CompletableFuture<IngestResult> c = collector.submit(List.of(record("c", 1L, "claude-sonnet", 1, 1)));
    Consumer<List<PricedUsage>> hold = failing.beforeInsert;
    failing.beforeInsert = records -> {
      hold.accept(records);
      if (failing.inserts.get() == 3) { // the first request on its own, after the group commit failed
        failing.down.set(true);
      }
    };
    writerHeld.countDown();

    for (CompletableFuture<IngestResult> f : List.of(a, culprit, c)) {
      assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreUnavailableException.class);
    }
    assertThat(failing.inserts.get()).isEqualTo(3);
    failing.down.set(false);
    assertThat(collector.ingest(List.of(record("c", 1L, "claude-sonnet", 1, 1))).accepted()).isEqualTo(1);
  }

  /**
   * Two different records under one id, in one request and in two requests that share a group
   * commit: the cost acknowledged as new is the cost stored (the store keeps the first record of
   * an id, and the collector acknowledges the first).
   */
  @Test
  void theAcknowledgedCostOfARecordIsTheStoredCostWhenAnIdComesTwiceInOneCommit() throws Exception {
    IngestResult one = collector.ingest(List.of(
        record("same", 1L, "claude-sonnet", 1_000_000, 0), record("same", 1L, "claude-sonnet", 2_000_000, 0)));
    assertThat(one.accepted()).isEqualTo(1);
    assertThat(one.acceptedCost()).isEqualTo(store.totals(UsageFilter.pr("5dlabs/cto", 1)).cost()).isEqualTo(Usd.of("3"));

    CountDownLatch writerHeld = holdTheWriterOnItsNextTransaction();
    CompletableFuture<IngestResult> cheap = collector.submit(List.of(record("twice", 2L, "claude-sonnet", 1_000_000, 0)));
    CompletableFuture<IngestResult> dear = collector.submit(List.of(record("twice", 2L, "claude-sonnet", 5_000_000, 0)));
    writerHeld.countDown();

    Usd acknowledged = cheap.get(10, TimeUnit.SECONDS).acceptedCost().plus(dear.get(10, TimeUnit.SECONDS).acceptedCost());
    assertThat(cheap.get().accepted() + dear.get().accepted()).isEqualTo(1);
    assertThat(store.totals(UsageFilter.pr("5dlabs/cto", 2)).cost()).isEqualTo(acknowledged).isEqualTo(Usd.of("3"));
  }

  /** Submits one request and holds the writer inside its transaction until the returned latch opens. */
  private CountDownLatch holdTheWriterOnItsNextTransaction() {
    CountDownLatch held = new CountDownLatch(1);
    int before = failing.inserts.get();
    failing.beforeInsert = records -> {
      if (failing.inserts.get() == before + 1) {
        try {
          held.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    collector.submit(List.of(record("held", 1L, "claude-sonnet", 1, 1)));
    await().atMost(Duration.ofSeconds(10)).until(() -> failing.inserts.get() == before + 1);
    return held;
  }

  @Test
  void closeCommitsEverythingAlreadyAccepted() throws Exception {
    failing.delayMillis.set(5);
    List<CompletableFuture<IngestResult>> pending = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      pending.add(collector.submit(List.of(record("c" + i, 1L, "claude-sonnet", 1, 1))));
    }

    collector.close();

    for (CompletableFuture<IngestResult> f : pending) {
      assertThat(f).isCompleted();
      assertThat(f.get().accepted()).isEqualTo(1);
    }
    assertThat(store.totals(UsageFilter.ALL).records()).isEqualTo(50);
    assertThatThrownBy(() -> collector.submit(List.of(record("late", 1L, "claude-sonnet", 1, 1)))).hasMessageContaining("shut down");
  }

  @Test
  void aFullQueueRefusesInsteadOfGrowingMemory() throws Exception {
    collector.close();
    failing.delayMillis.set(200);
    try (UsageCollector small = new UsageCollector(failing, settings::get, null, new CollectorOptions(10, 20))) {
      small.submit(List.of(record("x1", 1L, "m", 1, 1)));
      List<UsageRecord> fifteen = new ArrayList<>();
      for (int i = 0; i < 15; i++) {
        fifteen.add(record("y" + i, 1L, "m", 1, 1));
      }
      small.submit(fifteen);
      assertThatThrownBy(() -> small.submit(fifteen)).isInstanceOf(CollectorOverloadedException.class);
      assertThat(small.stats().rejectedOverload()).isEqualTo(1);
    }
  }

  @Test
  void overloadAndStoreFailuresAreCountedByReasonUnderTheRecordsCapturePath() throws Exception {
    collector.close();
    CostMetrics metrics = new CostMetrics();
    failing.delayMillis.set(200);
    try (UsageCollector small = new UsageCollector(failing, settings::get, null, new CollectorOptions(10, 20),
        new CollectorMeters(metrics))) {
      CompletableFuture<IngestResult> first = small.submit(List.of(sourced("x1", "proxy")));
      List<UsageRecord> fifteen = new ArrayList<>();
      for (int i = 0; i < 15; i++) {
        fifteen.add(sourced("y" + i, "claude-code"));
      }
      CompletableFuture<IngestResult> second = small.submit(fifteen);
      assertThatThrownBy(() -> small.submit(fifteen)).isInstanceOf(CollectorOverloadedException.class);
      first.get();
      second.get();
      failing.delayMillis.set(0);
      failing.down.set(true);
      assertThatThrownBy(() -> small.ingest(List.of(sourced("z1", "otlp"), sourced("z2", "otlp")))).isInstanceOf(StoreException.class);
    }

    assertThat(metrics.scrape())
        .contains("cost_collector_rejected_records_total{reason=\"overload\",source=\"import\"} 15.0")
        .contains("cost_collector_rejected_records_total{reason=\"store_failure\",source=\"otlp\"} 2.0")
        .contains("cost_collector_records_total{outcome=\"accepted\",source=\"proxy\"} 1.0")
        .contains("cost_collector_records_total{outcome=\"accepted\",source=\"import\"} 15.0");
  }

  private static UsageRecord sourced(String id, String source) {
    UsageRecord r = record(id, 1L, "claude-sonnet", 1, 1);
    return new UsageRecord(r.id(), r.attribution(), r.cli(), r.model(), r.provider(), r.tokens(), r.sessionId(),
        r.requestId(), r.timestamp(), source);
  }

  @Test
  void disabledTrackingRefusesLoudly() {
    CostSettings off = settings.get();
    settings.set(new CostSettings(false, off.thresholds(), off.defaultRepository(), off.catalog()));

    assertThatThrownBy(() -> collector.ingest(List.of(record("a", 1L, "claude-sonnet", 1, 1)))).isInstanceOf(CollectorDisabledException.class)
        .hasMessageContaining("enabled: false");
    assertThat(store.totals(UsageFilter.ALL).records()).isZero();
  }

  @Test
  void eachThresholdCrossingIsAlertedOnceEvenAcrossRestarts() {
    settings.set(settings(new Thresholds(Usd.of("1"), Usd.of("2"))));
    // $0.90: below the warning line
    collector.ingest(List.of(record("a", 7L, "claude-sonnet", 300_000, 0)));
    monitor.flush();
    assertThat(alerts).isEmpty();
    // +$0.30 = $1.20: warning
    collector.ingest(List.of(record("b", 7L, "claude-sonnet", 100_000, 0)));
    monitor.flush();
    assertThat(alerts).extracting(ThresholdCrossing::level).containsExactly(ThresholdLevel.WARNING);
    // a "restarted" collector on the same store does not alert the warning again
    collector.close();
    monitor.close();
    monitor = new ThresholdMonitor(store, store, settings::get, List.of(alerts::add), Clock.systemUTC());
    collector = new UsageCollector(store, settings::get, monitor, CollectorOptions.DEFAULTS);
    collector.ingest(List.of(record("c", 7L, "claude-sonnet", 10, 0)));
    monitor.flush();
    assertThat(alerts).hasSize(1);
    // one jump over the error line on another PR records both levels
    collector.ingest(List.of(record("d", 8L, "claude-sonnet", 1_000_000, 0)));
    monitor.flush();
    assertThat(alerts).extracting(a -> a.prNumber() + ":" + a.level()).containsExactly("7:WARNING", "8:WARNING", "8:ERROR");
    assertThat(store.crossedLevels("5dlabs/cto", 8)).containsExactly(ThresholdLevel.WARNING, ThresholdLevel.ERROR);
  }

  @Test
  void aPrPastTheErrorLineIsNotQueriedAgainAndBurstsOfChecksCoalesce() {
    settings.set(settings(new Thresholds(Usd.of("1"), Usd.of("2"))));
    java.util.concurrent.atomic.AtomicInteger queries = new java.util.concurrent.atomic.AtomicInteger();
    dev.cto.costs.store.CostQueries counting = new dev.cto.costs.store.CostQueries() {
      @Override
      public List<dev.cto.costs.store.GroupTotals> aggregate(UsageFilter filter, List<dev.cto.costs.store.Dimension> groupBy, int limit) {
        queries.incrementAndGet();
        return store.aggregate(filter, groupBy, limit);
      }

      @Override
      public void forEachRecord(UsageFilter filter, java.util.function.Consumer<dev.cto.costs.domain.PricedUsage> sink) {
        store.forEachRecord(filter, sink);
      }

      @Override
      public List<dev.cto.costs.store.GroupTotals> aggregateBySize(UsageFilter filter, java.util.Collection<String> models, long above) {
        return store.aggregateBySize(filter, models, above);
      }

      @Override
      public long unknownCacheSavingsRecords() {
        return store.unknownCacheSavingsRecords();
      }
    };
    ThresholdMonitor m = new ThresholdMonitor(store, counting, settings::get, List.of(alerts::add), Clock.systemUTC());
    collector.ingest(List.of(record("big", 5L, "claude-sonnet", 1_000_000, 0))); // $3: past both lines
    ThresholdMonitor.PrRef pr = new ThresholdMonitor.PrRef("5dlabs/cto", 5);

    m.check(List.of(pr));
    m.flush();
    int afterFirst = queries.get();
    for (int i = 0; i < 100; i++) {
      m.check(List.of(pr));
    }
    m.flush();

    assertThat(afterFirst).isEqualTo(1);
    assertThat(queries.get()).as("a settled PR needs no more checks").isEqualTo(1);
    assertThat(store.crossedLevels("5dlabs/cto", 5)).containsExactly(ThresholdLevel.WARNING, ThresholdLevel.ERROR);
    m.close();
  }

  @Test
  void aFailingSinkDoesNotStopTheOthers() {
    collector.ingest(List.of(record("a", 9L, "claude-sonnet", 100_000, 0)));
    monitor.flush(); // no thresholds yet: nothing recorded by the collector's own monitor
    settings.set(settings(new Thresholds(Usd.of("0.01"), null)));
    AtomicBoolean second = new AtomicBoolean();
    ThresholdMonitor m = new ThresholdMonitor(store, store, settings::get,
        List.of(c -> { throw new IllegalStateException("webhook down"); }, c -> second.set(true)), Clock.systemUTC());

    m.checkNow(new ThresholdMonitor.PrRef("5dlabs/cto", 9));

    assertThat(second).isTrue();
    m.close();
  }

  @Test
  void repriceFindsPricesForRecordsThatHadNone() {
    collector.ingest(List.of(record("u1", 1L, "new-model", 1_000_000, 0), record("u2", 1L, "new-model", 2_000_000, 0), record("p", 1L, "claude-sonnet", 1_000_000, 0)));
    CostSettings before = settings.get();
    List<ModelPrice> prices = new ArrayList<>(before.catalog().entries());
    prices.add(ModelPrice.simple("new-model", "acme", TokenRates.of("0.5", "1")));
    settings.set(new CostSettings(true, before.thresholds(), before.defaultRepository(), new PricingCatalog(prices)));

    RepriceService.RepriceResult result = new RepriceService(store, store, settings::get).reprice(false);

    assertThat(result.examined()).isEqualTo(2);
    assertThat(result.newlyPriced()).isEqualTo(2);
    assertThat(result.stillUnpriced()).isEmpty();
    var total = store.totals(UsageFilter.ALL);
    assertThat(total.unpricedRecords()).isZero();
    assertThat(total.cost()).isEqualTo(Usd.of("4.5")); // 3 (sonnet) + 0.5 + 1.0
  }
}
