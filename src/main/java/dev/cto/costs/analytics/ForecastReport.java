package dev.cto.costs.analytics;

import dev.cto.costs.report.Format;
import dev.cto.costs.report.Numbers;
import dev.cto.costs.report.Presentable;
import dev.cto.costs.report.View;
import dev.cto.costs.report.View.Cell;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * {@code costs forecast}: where the month's spend ends, seen from the end of {@code asOf}.
 *
 * @param spentUsd the month's records up to the end of {@code asOf}, exact
 * @param lowUsd the interval's lower end at {@code confidence}
 * @param method how the projection and interval were made
 * @param budgetUsd {@code --budget}, else the configured monthly budget, else null
 * @param projectedOverBudgetOn the first day the month's running total (actual, then projected)
 *     exceeds the budget; null without a budget or when it is not projected to
 */
public record ForecastReport(
    YearMonth month, LocalDate asOf, BigDecimal spentUsd, int daysElapsed, int daysInMonth,
    BigDecimal projectedTotalUsd, BigDecimal lowUsd, BigDecimal highUsd, BigDecimal confidence, String method,
    BigDecimal budgetUsd, LocalDate projectedOverBudgetOn) implements Presentable {

  @Override
  public View view() {
    return view(Format.TABLE);
  }

  @Override
  public View view(Format format) {
    if (format == Format.CSV) {
      return View.builder("Month-end forecast").section("Forecast",
          List.of("Month", "As of", "Spent USD", "Days elapsed", "Days in month", "Projected total USD", "Low USD",
              "High USD", "Confidence", "Method", "Budget USD", "Projected over budget on"),
          List.of(List.of(Cell.text(month.toString()), Cell.text(asOf.toString()), Cell.money(spentUsd),
              Cell.count(daysElapsed), Cell.count(daysInMonth), Cell.money(projectedTotalUsd), Cell.money(lowUsd),
              Cell.money(highUsd), new Cell(confidence.toPlainString(), confidence.toPlainString(), true, View.Tone.NONE),
              Cell.text(method), Cell.money(budgetUsd),
              Cell.text(projectedOverBudgetOn == null ? null : projectedOverBudgetOn.toString())))).build();
    }
    boolean over = month.atEndOfMonth().equals(asOf);
    View.Builder b = View.builder("Month-end forecast: " + month);
    b.fact("As of", asOf + " (day " + daysElapsed + " of " + daysInMonth + ", UTC)")
        .fact("Spent so far", Numbers.dollars(spentUsd))
        .fact(over ? "Month total" : "Projected total", Numbers.dollars(projectedTotalUsd));
    if (!over) {
      b.fact(confidence.movePointRight(2).stripTrailingZeros().toPlainString() + "% interval",
          Numbers.dollars(lowUsd) + " to " + Numbers.dollars(highUsd));
    }
    if (budgetUsd == null) {
      b.fact("Budget", "none (give one with --budget USD)");
    } else {
      boolean crosses = projectedOverBudgetOn != null;
      b.fact("Budget", Numbers.dollars(budgetUsd) + " (" + percentOf(projectedTotalUsd, budgetUsd) + " "
          + (over ? "spent" : "projected") + ")", crosses ? View.Tone.ERROR : View.Tone.OK);
      b.fact("Over budget on", crosses ? projectedOverBudgetOn.toString()
          + (projectedOverBudgetOn.isAfter(asOf) ? " (projected)" : " (already over)")
          : "not " + (over ? "crossed" : "projected to cross"), crosses ? View.Tone.ERROR : View.Tone.OK);
    }
    b.fact("Method", method);
    return b.build();
  }

  private static String percentOf(BigDecimal part, BigDecimal whole) {
    return Numbers.percent(part.multiply(BigDecimal.valueOf(100)).divide(whole, 1, java.math.RoundingMode.HALF_EVEN));
  }
}
