package dev.cto.costs.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.domain.Announcement;
import dev.cto.costs.domain.Usd;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which budget alerts are due, from hand-made statuses with hand-computed answers. */
class BudgetAlertsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** December 2026 has 31 days; the 5th at 00:00 is 4 days (12.9 %) into it. */
  private static final Instant DEC_5 = Instant.parse("2026-12-05T00:00:00Z");
  private static final Instant DEC_1 = Instant.parse("2026-12-01T00:00:00Z");

  private static Budget monthly(String name, String limit, String... alertAt) {
    return new Budget(name, BudgetScope.EVERYTHING, BudgetPeriod.MONTH, Usd.of(limit),
        java.util.Arrays.stream(alertAt).map(BigDecimal::new).toList(), false);
  }

  private static BudgetStatus status(Budget b, String spent, String projected) {
    return new BudgetStatus(b.name(), Map.of(), "month", DEC_1, new BigDecimal(b.limit().toPlainString()),
        new BigDecimal(spent), BigDecimal.ZERO, BigDecimal.ZERO, "ok", false,
        projected == null ? null : new BigDecimal(projected), null);
  }

  private static List<Announcement> due(Budget b, BudgetStatus s, Instant now) {
    return BudgetAlerts.due(new BudgetBook(Map.of(), List.of(b), true, false), new BudgetReport(List.of(s)), now);
  }

  @Test
  void eachFractionReachedIsDueUnderItsPeriodAndFraction() throws Exception {
    Budget b = monthly("all", "100", "0.5", "0.8", "1.0");
    List<Announcement> due = due(b, status(b, "85.000000001", "90"), DEC_5);

    assertThat(due).extracting(Announcement::event).containsOnly(BudgetAlerts.THRESHOLD);
    assertThat(due).extracting(Announcement::subject).containsExactly("all|month:2026-12-01|0.5", "all|month:2026-12-01|0.8");
    JsonNode body = JSON.readTree(due.get(1).body());
    assertThat(body.get("event").asText()).isEqualTo("budget_threshold");
    assertThat(body.get("budget").asText()).isEqualTo("all");
    assertThat(body.get("alert_at").decimalValue()).isEqualByComparingTo("0.8");
    assertThat(body.get("spent_usd").decimalValue()).isEqualByComparingTo("85.000000001");
    assertThat(body.get("limit_usd").decimalValue()).isEqualByComparingTo("100");
    assertThat(body.get("period_start").asText()).isEqualTo("2026-12-01T00:00:00Z");
    assertThat(due.get(1).text()).isEqualTo(
        "Budget 'all' (everything): $85.00 of $100.00 spent this month (from 2026-12-01) (80% alert)");
  }

  @Test
  void aRunRatePastTheLimitSaysTheDayItRunsOut() throws Exception {
    Budget b = monthly("all", "100");
    // $40 in 4 days: $10 a day reaches $100 after 10 days, on the 11th
    List<Announcement> due = due(b, status(b, "40", "310"), DEC_5);

    assertThat(due).hasSize(1);
    assertThat(due.get(0).event()).isEqualTo(BudgetAlerts.FORECAST);
    assertThat(due.get(0).subject()).isEqualTo("all|month:2026-12-01");
    assertThat(JSON.readTree(due.get(0).body()).get("runs_out_on").asText()).isEqualTo("2026-12-11");
    assertThat(due.get(0).text()).startsWith("At this rate, budget 'all' (everything) runs out on 2026-12-11: $40.00 of $100.00");
  }

  @Test
  void noForecastEarlyInThePeriodNorOnceSpentNorWithinTheLimit() {
    Budget b = monthly("all", "100");
    Instant dec2 = Instant.parse("2026-12-02T00:00:00Z"); // 1 day of 31: under 10 %
    assertThat(due(b, status(b, "40", "1240"), dec2)).isEmpty();
    assertThat(due(b, status(b, "100", "300"), DEC_5)).as("already spent: the threshold alerts say so").isEmpty();
    assertThat(due(b, status(b, "10", "77.5"), DEC_5)).isEmpty();
  }

  @Test
  void aPerPrBudgetAlertsEachPrOnceAndHasNoForecast() {
    Budget b = new Budget("pr-cap", new BudgetScope(true, null, null, null, null), BudgetPeriod.PR, Usd.of("25"),
        List.of(new BigDecimal("1.0")), true);
    BudgetStatus s = new BudgetStatus("pr-cap", Map.of("pr", "*"), "pr", null, new BigDecimal("25"), new BigDecimal("30"),
        BigDecimal.ZERO, BigDecimal.ZERO, "exceeded", true, null, List.of(
            new BudgetStatus.PrBudgetStatus("5dlabs/cto", 7, new BigDecimal("30"), BigDecimal.ZERO, BigDecimal.ZERO,
                "exceeded", null),
            new BudgetStatus.PrBudgetStatus("5dlabs/web", 8, new BigDecimal("24.99"), BigDecimal.ZERO, new BigDecimal("0.01"),
                "warning", null)));

    List<Announcement> due = due(b, s, DEC_5);
    assertThat(due).extracting(Announcement::subject).containsExactly("pr-cap|pr|5dlabs/cto#7|1");
    assertThat(due.get(0).text()).isEqualTo("Budget 'pr-cap' (pr: *): $30.00 of $25.00 spent on 5dlabs/cto#7 (100% alert)");
  }
}
