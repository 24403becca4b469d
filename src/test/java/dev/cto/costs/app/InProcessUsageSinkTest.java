package dev.cto.costs.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cto.costs.client.CallUsage;
import dev.cto.costs.client.CostInterceptor;
import dev.cto.costs.client.ExecutionContext;
import dev.cto.costs.collect.CollectorOptions;
import dev.cto.costs.collect.UsageCollector;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.pricing.DefaultCatalog;
import dev.cto.costs.store.UsageFilter;
import dev.cto.costs.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's interceptor, recording in-process into a real collector and store. */
class InProcessUsageSinkTest {

  @TempDir Path dir;

  @Test
  void interceptedCallsAreStoredPricedAndAttributed() {
    try (JdbcStore store = JdbcStore.openSqlite(dir.resolve("costs.db"))) {
      CostSettings settings = CostSettings.of(DefaultCatalog.load());
      UsageCollector collector = new UsageCollector(store, () -> settings, null, CollectorOptions.DEFAULTS);
      ExecutionContext context = ExecutionContext.builder().repository("5dlabs/cto").prNumber(12).agent("morgan").stage("docs")
          .iteration(2).build();
      CostInterceptor interceptor = new CostInterceptor(new InProcessUsageSink(collector), context);

      String answer = interceptor.intercept("claude-sonnet-4-5", () -> "the answer",
          response -> CallUsage.of(1_000, 200).withCache(0, 5_000).withRequestId("msg_in_process"));
      interceptor.intercept("claude-sonnet-4-5", () -> "again",
          response -> CallUsage.of(1_000, 200).withCache(0, 5_000).withRequestId("msg_in_process"));

      assertThat(answer).isEqualTo("the answer");
      await().atMost(Duration.ofSeconds(10)).until(() -> store.totals(UsageFilter.pr("5dlabs/cto", 12)).records() == 1);
      var totals = store.totals(UsageFilter.pr("5dlabs/cto", 12));
      assertThat(totals.tokens()).isEqualTo(new TokenCounts(1_000, 200, 0, 0, 5_000));
      assertThat(totals.cost().nanos()).isPositive();
      collector.close();
    }
  }
}
