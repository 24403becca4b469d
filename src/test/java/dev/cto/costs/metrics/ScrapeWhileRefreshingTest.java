package dev.cto.costs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The gauges refreshed every few seconds replace their series (remove, then register again), and a
 * scrape may come in the middle: it must see each series once, never the old and the new together
 * (Prometheus's client refuses that scrape with "Duplicate labels", seen once in CI).
 */
class ScrapeWhileRefreshingTest {

  @Test
  void aScrapeDuringARefreshSeesEverySeriesOnce() throws Exception {
    CostMetrics metrics = new CostMetrics(50);
    List<CostMetrics.BudgetGauge> gauges = new ArrayList<>();
    List<CostMetrics.PrSpend> spend = new ArrayList<>();
    // one series each: replacing it drops the gauge's Prometheus collector and makes a new one
    gauges.add(new CostMetrics.BudgetGauge("budget-0", 1, 99, 100, 2));
    spend.add(new CostMetrics.PrSpend("o/r", "1", "rex", "code", 1));
    metrics.budgets(gauges);
    metrics.prSpend(() -> spend);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread refresher = new Thread(() -> {
      while (!stop.get()) {
        metrics.budgets(gauges);
        metrics.prSpend(() -> spend);
      }
    });
    refresher.start();
    int scrapes = 0;
    try {
      long end = System.nanoTime() + 2_000_000_000L; // bounded: two seconds of scrapes
      while (System.nanoTime() < end && failure.get() == null) {
        try {
          String text = metrics.scrape();
          assertThat(text).contains("cost_budget_projected_usd{budget=\"budget-0\"}").contains("total_cost_usd{");
          scrapes++;
        } catch (RuntimeException | AssertionError e) {
          failure.set(e);
        }
      }
    } finally {
      stop.set(true);
      refresher.join(10_000);
    }
    assertThat(failure.get()).as("after %d good scrapes", scrapes).isNull();
    assertThat(scrapes).isPositive();
  }
}
