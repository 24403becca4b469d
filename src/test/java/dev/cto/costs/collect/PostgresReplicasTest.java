package dev.cto.costs.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.domain.ThresholdLevel;
import dev.cto.costs.domain.Thresholds;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.UsageFilter;
import dev.cto.costs.store.jdbc.JdbcStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two collector replicas on one PostgreSQL database see the same provider calls at the same time
 * (one through the proxy, named by message id, the other through OTLP, named by request id), and
 * together the calls take a PR over its warning line: each call is stored once and the crossing is
 * recorded, and alerted, once.
 */
class PostgresReplicasTest {

  private static final int CALLS = 10;

  /** $0.30 each with claude-sonnet at $3 per million input tokens: ten make $3.00. */
  private static UsageRecord call(String id, int call) {
    return new UsageRecord(id, new Attribution(null, 42L, "rex", "code", 1, null), null, "claude-sonnet", null,
        TokenCounts.of(100_000, 0), null, "req-" + call, Instant.parse("2026-03-01T10:00:00Z"), "test");
  }

  @Test
  void overlappingRequestIdsFromTwoReplicasMakeOneRecordEachAndOneCrossing() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      try (Connection c = postgres.getPostgresDatabase().getConnection()) {
        c.createStatement().execute("CREATE DATABASE replicas");
      }
      String url = postgres.getJdbcUrl("postgres", "replicas");
      CostSettings settings = CollectorTest.settings(new Thresholds(Usd.of("2.5"), null));
      List<ThresholdCrossing> alerts = new CopyOnWriteArrayList<>();
      List<JdbcStore> stores = List.of(
          JdbcStore.openPostgres(url, "postgres", null), JdbcStore.openPostgres(url, "postgres", null));
      List<ThresholdMonitor> monitors = new ArrayList<>();
      List<UsageCollector> collectors = new ArrayList<>();
      for (JdbcStore store : stores) {
        ThresholdMonitor monitor = new ThresholdMonitor(store, store, () -> settings, List.of(alerts::add), Clock.systemUTC());
        monitors.add(monitor);
        collectors.add(new UsageCollector(store, () -> settings, monitor, CollectorOptions.DEFAULTS));
      }
      try {
        ExecutorService callers = Executors.newFixedThreadPool(2 * CALLS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<IngestResult>> results = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
          int call = i;
          results.add(callers.submit(() -> {
            start.await();
            return collectors.get(0).ingest(List.of(call("msg-" + call, call)));
          }));
          results.add(callers.submit(() -> {
            start.await();
            return collectors.get(1).ingest(List.of(call("req-" + call, call)));
          }));
        }
        start.countDown();
        int accepted = 0;
        for (Future<IngestResult> r : results) {
          accepted += r.get(60, TimeUnit.SECONDS).accepted();
        }
        callers.shutdown();
        monitors.forEach(ThresholdMonitor::flush);

        assertThat(accepted).as("each call acknowledged as new by one replica").isEqualTo(CALLS);
        var pr = stores.get(0).totals(UsageFilter.pr("5dlabs/cto", 42));
        assertThat(pr.records()).isEqualTo(CALLS);
        assertThat(pr.cost()).isEqualTo(Usd.of("3"));
        assertThat(stores.get(1).crossings("5dlabs/cto", 42)).singleElement()
            .satisfies(x -> assertThat(x.level()).isEqualTo(ThresholdLevel.WARNING));
        assertThat(alerts).as("one alert from the two replicas").hasSize(1);
      } finally {
        collectors.forEach(UsageCollector::close);
        monitors.forEach(ThresholdMonitor::close);
        stores.forEach(JdbcStore::close);
      }
    }
  }
}
