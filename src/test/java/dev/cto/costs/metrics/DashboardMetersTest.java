package dev.cto.costs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.collect.RecordSource;
import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.domain.Usd;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The meters the Grafana dashboard and the alert rules read: spend by repository, agent, model
 * and stage (summed exactly, labels capped), the budget gauges, the proxy overhead timer, and the
 * alert counters present at 0 before any alert.
 */
class DashboardMetersTest {

  private static PricedUsage priced(String id, String repository, String agent, String model, String stage, String usd) {
    UsageRecord r = new UsageRecord(id, new Attribution(repository, 7L, agent, stage, 1, null), null, model, null,
        TokenCounts.of(10, 1), null, null, Instant.parse("2026-01-02T03:04:05Z"), null);
    return new PricedUsage(r, null, Usd.of(usd), !usd.equals("0"));
  }

  @Test
  void spendIsCountedByRepositoryAgentModelAndStage() {
    CostMetrics metrics = new CostMetrics();
    CollectorMeters meters = new CollectorMeters(metrics);
    meters.committed(RecordSource.HTTP, List.of(
        priced("a", "o/r", "rex", "m1", "code", "0.1"),
        priced("b", "o/r", "rex", "m1", "code", "0.2"), // 0.1 + 0.2 summed exactly before the double
        priced("c", "o/r", "cleo", "m1", "qa", "1.25"),
        priced("d", null, "rex", "m2", "code", "0.5"),
        priced("e", "o/r", "rex", "unpriced-model", "code", "0")), 0, Duration.ofMillis(3));
    meters.committed(RecordSource.PROXY, List.of(priced("f", "o/r", "rex", "m1", "code", "0.05")), 0, Duration.ofMillis(1));

    String scrape = metrics.scrape();
    assertThat(scrape)
        .contains("cost_usd_total{agent=\"rex\",model=\"m1\",repository=\"o/r\",stage=\"code\"} 0.35")
        .contains("cost_usd_total{agent=\"cleo\",model=\"m1\",repository=\"o/r\",stage=\"qa\"} 1.25")
        .contains("cost_usd_total{agent=\"rex\",model=\"m2\",repository=\"unknown\",stage=\"code\"} 0.5")
        .doesNotContain("cost_usd_total{agent=\"rex\",model=\"unpriced-model\"");
  }

  @Test
  void spendLabelsOverTheCapShareOtherAndKeepTheirDollars() {
    CostMetrics metrics = new CostMetrics(2);
    CollectorMeters meters = new CollectorMeters(metrics);
    for (int i = 0; i < 5; i++) {
      meters.committed(RecordSource.HTTP, List.of(priced("r" + i, "o/r", "agent-" + i, "m", "code", "1")), 0, Duration.ZERO);
    }
    String scrape = metrics.scrape();
    assertThat(scrape)
        .contains("cost_usd_total{agent=\"agent-0\",model=\"m\",repository=\"o/r\",stage=\"code\"} 1.0")
        .contains("cost_usd_total{agent=\"other\",model=\"m\",repository=\"o/r\",stage=\"code\"} 3.0")
        .doesNotContain("agent-4");
  }

  @Test
  void budgetsHaveLimitAndProjectionNextToSpentAndRemaining() {
    CostMetrics metrics = new CostMetrics();
    metrics.budgets(List.of(new CostMetrics.BudgetGauge("monthly", 40, 60, 100, 120),
        new CostMetrics.BudgetGauge("pr-cap", 5, 20, 25, Double.NaN)));
    String scrape = metrics.scrape();
    assertThat(scrape)
        .contains("cost_budget_limit_usd{budget=\"monthly\"} 100.0")
        .contains("cost_budget_projected_usd{budget=\"monthly\"} 120.0")
        .contains("cost_budget_limit_usd{budget=\"pr-cap\"} 25.0")
        .contains("cost_budget_spent_usd{budget=\"monthly\"} 40.0")
        .doesNotContain("cost_budget_projected_usd{budget=\"pr-cap\"}"); // a PR's life has no end to project to

    metrics.budgets(List.of()); // budgets removed from the config take their series with them
    assertThat(metrics.scrape()).doesNotContain("budget=\"monthly\"");
  }

  @Test
  void alertCountersExistAtZeroBeforeTheFirstAlert() {
    CostMetrics metrics = new CostMetrics();
    metrics.anomalyKinds(List.of("pr_cost", "daily_spend"));
    metrics.budgetAlertEvents(List.of("budget_threshold"));
    String before = metrics.scrape();
    assertThat(before)
        .contains("cost_threshold_violations_total{type=\"warning\"} 0.0")
        .contains("cost_threshold_violations_total{type=\"error\"} 0.0")
        .contains("cost_anomalies_total{kind=\"pr_cost\"} 0.0")
        .contains("cost_anomalies_total{kind=\"daily_spend\"} 0.0")
        .contains("cost_budget_alerts_total{event=\"budget_threshold\"} 0.0");

    metrics.anomalyAnnounced("pr_cost");
    metrics.budgetAlertAnnounced("budget_threshold");
    assertThat(metrics.scrape())
        .contains("cost_anomalies_total{kind=\"pr_cost\"} 1.0")
        .contains("cost_budget_alerts_total{event=\"budget_threshold\"} 1.0");
  }

  @Test
  void proxyOverheadIsAHistogramByProvider() {
    CostMetrics metrics = new CostMetrics();
    metrics.proxyOverhead("anthropic", Duration.ofMillis(2));
    metrics.proxyOverhead("anthropic", Duration.ofMillis(4));
    String scrape = metrics.scrape();
    assertThat(scrape)
        .contains("cost_proxy_overhead_seconds_count{provider=\"anthropic\"} 2")
        .contains("cost_proxy_overhead_seconds_sum{provider=\"anthropic\"} 0.006")
        .containsPattern("cost_proxy_overhead_seconds_bucket\\{provider=\"anthropic\",le=\"[0-9.]+\"} 2");
  }
}
