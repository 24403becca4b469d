package dev.cto.costs.collect;

import dev.cto.costs.store.UsageStore;
import dev.cto.costs.store.CostQueries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.Thresholds;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.store.RejectedRecordsException;
import dev.cto.costs.store.UsageFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A record the database refuses fails the request that brought it, and no other: requests that
 * only shared its group commit are committed. The refusal is the database's own (a constraint
 * that no validation in front of it knows), on each backend.
 */
abstract class WriterIsolationContract<S extends UsageStore & CostQueries> {

  /** Records of this agent are refused by the database itself. */
  protected static final String REFUSED_AGENT = "refused-by-the-database";

  protected S store;
  private FailingStore failing;
  private UsageCollector collector;

  protected abstract S newEmptyStore() throws Exception;

  /** Makes the database refuse every row of {@link #REFUSED_AGENT}, failing the whole transaction. */
  protected abstract void refuseTheAgentInTheDatabase() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = newEmptyStore();
    refuseTheAgentInTheDatabase();
    failing = new FailingStore(store);
    CostSettings settings = CollectorTest.settings(Thresholds.NONE);
    collector = new UsageCollector(failing, () -> settings, null, new CollectorOptions(1000, 100_000));
  }

  @AfterEach
  void close() {
    collector.close();
    store.close();
  }

  static UsageRecord record(String id, String agent) {
    return new UsageRecord(id, new Attribution("o/r", 4L, agent, "code", 1, null), null, "claude-sonnet", null,
        TokenCounts.of(100, 10), null, null, Instant.parse("2026-03-01T10:00:00Z"), "test");
  }

  @Test
  void aRefusedRecordInAGroupCommitFailsOnlyItsOwnRequest() throws Exception {
    CountDownLatch writerHeld = new CountDownLatch(1);
    List<Integer> transactionSizes = new CopyOnWriteArrayList<>();
    failing.beforeInsert = records -> {
      transactionSizes.add(records.size());
      if (transactionSizes.size() == 1) {
        awaitQuietly(writerHeld); // the requests below queue up meanwhile: the next transaction takes them all
      }
    };
    CompletableFuture<IngestResult> first = collector.submit(List.of(record("first", "rex")));
    await().atMost(Duration.ofSeconds(10)).until(() -> failing.inserts.get() == 1);
    List<CompletableFuture<IngestResult>> good = new ArrayList<>();
    CompletableFuture<IngestResult> culprit = null;
    for (int i = 0; i < 20; i++) {
      good.add(collector.submit(List.of(record("g" + i + "a", "rex"), record("g" + i + "b", "cleo"))));
      if (i == 10) {
        culprit = collector.submit(List.of(record("culprit-ok", "rex"), record("culprit-bad", REFUSED_AGENT)));
      }
    }
    writerHeld.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS).accepted()).isEqualTo(1);
    for (CompletableFuture<IngestResult> f : good) {
      assertThat(f.get(10, TimeUnit.SECONDS).accepted()).isEqualTo(2);
    }
    assertThat(failure(culprit)).isInstanceOf(RejectedRecordsException.class);
    assertThat(transactionSizes.get(1)).as("the bad request shared a group commit with the 20 others").isEqualTo(42);
    Set<String> stored = storedIds();
    assertThat(stored).hasSize(41).doesNotContain("culprit-ok", "culprit-bad"); // all-or-nothing per request
  }

  @Test
  void concurrentIngestWithRefusedRecordsCommitsEveryOtherRequest() throws Exception {
    failing.delayMillis.set(3); // slow commits let requests pile up behind the writer
    int threads = 8;
    int requestsPerThread = 10;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<ThreadOutcome>> outcomes = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      outcomes.add(pool.submit(() -> {
        start.await();
        Set<String> committed = new HashSet<>();
        int refusedRequests = 0;
        for (int r = 0; r < requestsPerThread; r++) {
          boolean bad = (thread * requestsPerThread + r) % 7 == 3;
          List<UsageRecord> request = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            request.add(record(thread + "-" + r + "-" + i, bad && i == 2 ? REFUSED_AGENT : "rex"));
          }
          try {
            IngestResult result = collector.ingest(request);
            assertThat(bad).as("request %d-%d holds a refused record but was acknowledged", thread, r).isFalse();
            assertThat(result.accepted()).isEqualTo(5);
            request.forEach(u -> committed.add(u.id()));
          } catch (RejectedRecordsException e) {
            assertThat(bad).as("request %d-%d was failed for another's record", thread, r).isTrue();
            refusedRequests++;
          }
        }
        return new ThreadOutcome(committed, refusedRequests);
      }));
    }
    start.countDown();
    Set<String> committed = new HashSet<>();
    int refused = 0;
    for (Future<ThreadOutcome> outcome : outcomes) {
      committed.addAll(outcome.get(60, TimeUnit.SECONDS).committed());
      refused += outcome.get().refusedRequests();
    }
    pool.shutdown();

    int badRequests = (int) java.util.stream.IntStream.range(0, threads * requestsPerThread).filter(n -> n % 7 == 3).count();
    assertThat(refused).isEqualTo(badRequests);
    assertThat(committed).hasSize((threads * requestsPerThread - badRequests) * 5);
    assertThat(storedIds()).isEqualTo(committed);
    assertThat(store.totals(UsageFilter.ALL).records()).isEqualTo(committed.size()); // the rollup agrees
  }

  private record ThreadOutcome(Set<String> committed, int refusedRequests) {}

  private Set<String> storedIds() {
    Set<String> ids = new HashSet<>();
    store.forEachRecord(UsageFilter.ALL, (PricedUsage p) -> ids.add(p.id()));
    return ids;
  }

  private static Throwable failure(CompletableFuture<?> f) throws Exception {
    try {
      f.get(10, TimeUnit.SECONDS);
      throw new AssertionError("the request was acknowledged");
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
