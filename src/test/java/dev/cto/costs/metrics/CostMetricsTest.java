package dev.cto.costs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.domain.TokenCounts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The label cap: the first values keep their series, the rest share {@code other}, no value is dropped. */
class CostMetricsTest {

  @Test
  void agentsOverTheCapShareOtherAndKeepTheirTokens() {
    CostMetrics metrics = new CostMetrics(3);
    for (int i = 0; i < 10; i++) {
      metrics.tokens("http", "agent-" + i, "m", TokenCounts.of(10, 1));
    }
    metrics.tokens("http", "agent-1", "m", TokenCounts.of(5, 0)); // a kept value stays itself

    String scrape = metrics.scrape();
    assertThat(scrape).contains("token_usage_total{agent=\"agent-1\",model=\"m\",source=\"http\",type=\"input\"} 15.0")
        .contains("token_usage_total{agent=\"other\",model=\"m\",source=\"http\",type=\"input\"} 70.0")
        .doesNotContain("agent-3");
  }

  @Test
  void prSpendBeyondTheCapIsSummedIntoOtherKeepingTheBiggestPrs() {
    CostMetrics metrics = new CostMetrics(2);
    List<CostMetrics.PrSpend> rows = new ArrayList<>();
    for (int pr = 1; pr <= 5; pr++) {
      rows.add(new CostMetrics.PrSpend("o/r", String.valueOf(pr), "rex", "code", pr));
    }
    metrics.prSpend(() -> rows);

    String scrape = metrics.scrape();
    assertThat(scrape).contains("total_cost_usd{agent=\"rex\",pr=\"5\",repository=\"o/r\",stage=\"code\"} 5.0")
        .contains("total_cost_usd{agent=\"rex\",pr=\"4\",repository=\"o/r\",stage=\"code\"} 4.0")
        .contains("total_cost_usd{agent=\"rex\",pr=\"other\",repository=\"o/r\",stage=\"code\"} 6.0")
        .doesNotContain("pr=\"1\"");
  }

  @Test
  void budgetRefusalsAreOneCounterPerBudget() {
    CostMetrics metrics = new CostMetrics(3);
    metrics.budgetRefused("pr-cap");
    metrics.budgetRefused("pr-cap");
    metrics.budgetRefused("daily");

    assertThat(metrics.scrape()).contains("cost_budget_refusals_total{budget=\"pr-cap\"} 2.0")
        .contains("cost_budget_refusals_total{budget=\"daily\"} 1.0");
  }
}
