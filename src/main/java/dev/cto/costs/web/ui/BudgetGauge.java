package dev.cto.costs.web.ui;

import java.math.BigDecimal;

/**
 * A budget's gauge: a {@code <meter>} of the spend against the limit. The status comes from the
 * budget service (which knows the warning fraction); the meter's {@code low} and {@code high} are
 * placed so the browser's colour (green, amber, red) says the same as the status text beside it,
 * which is what screen readers and colour-blind readers go by.
 *
 * @param value the spend shown, at most the limit (a meter cannot pass its max)
 * @param max the limit
 * @param label the meter's accessible name
 */
record BudgetGauge(double value, double max, double low, double high, String label) {

  static BudgetGauge of(BigDecimal spent, BigDecimal limit, String status) {
    double max = limit.doubleValue();
    double value = Math.min(spent.doubleValue(), max);
    String label = Fmt.usd(spent) + " of " + Fmt.usd(limit) + " spent: " + status;
    return switch (status) {
      // below low: the optimum region (optimum is 0)
      case "ok" -> new BudgetGauge(value, max, max, max, label);
      // above low and at most high: the sub-optimum region. Low must sit strictly between the optimum
      // (0) and the value: a value equal to low is optimum, and so is any value when low equals 0
      case "warning" -> new BudgetGauge(value, max, value / 2, max, label);
      // above high: the worst region (Chromium needs optimum < low < high to call it that)
      default -> new BudgetGauge(value, max, max / 3, max / 2, label);
    };
  }

  /** The share of the limit spent, as the CLI writes a ratio ("84.2%"); "-" for a limit of zero. */
  static String share(BigDecimal spent, BigDecimal limit) {
    return limit.signum() <= 0 ? "-" : Fmt.ratio(spent.divide(limit, 6, java.math.RoundingMode.HALF_EVEN));
  }
}
