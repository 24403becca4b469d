package dev.cto.costs.web.ui;

import dev.cto.costs.analytics.TrendsReport.Point;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A trend as a tiny server-drawn SVG line (no script: it shows with JavaScript off and costs no
 * bytes of the JS budget). The figures it draws are in the trend table next to it; {@code label}
 * says the same in words for screen readers.
 *
 * @param points the polyline's {@code points} in a {@value #WIDTH} × {@value #HEIGHT} view box
 */
record Sparkline(String points, String label) {

  static final int WIDTH = 120;
  static final int HEIGHT = 28;

  static Sparkline of(List<Point> trend, String period) {
    if (trend.isEmpty()) {
      return new Sparkline("", "no " + period + " in range");
    }
    BigDecimal max = BigDecimal.ZERO;
    Point highest = trend.get(0);
    for (Point p : trend) {
      if (p.costUsd().compareTo(max) > 0) {
        max = p.costUsd();
        highest = p;
      }
    }
    List<String> xy = new ArrayList<>();
    int n = trend.size();
    for (int i = 0; i < n; i++) {
      double x = n == 1 ? WIDTH / 2.0 : i * (double) WIDTH / (n - 1);
      double share = max.signum() == 0 ? 0 : trend.get(i).costUsd().doubleValue() / max.doubleValue();
      double y = (HEIGHT - 1) - share * (HEIGHT - 2); // a 1-unit margin keeps the stroke inside the box
      xy.add(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
    }
    if (n == 1) { // one period: a flat line across the box at its height
      String y = xy.get(0).split(",")[1];
      xy.set(0, "0.0," + y);
      xy.add(String.format(Locale.ROOT, "%.1f,%s", (double) WIDTH, y));
    }
    Point first = trend.get(0);
    Point last = trend.get(n - 1);
    String label = "Spend per " + period + ": " + Fmt.usd(first.costUsd()) + " in the " + period + " of " + first.start()
        + ", " + Fmt.usd(last.costUsd()) + " in the " + period + " of " + last.start() + "; highest " + Fmt.usd(highest.costUsd())
        + " (" + highest.start() + ")";
    return new Sparkline(String.join(" ", xy), label);
  }
}
