package dev.cto.costs.analytics;

import dev.cto.costs.analytics.TrendsReport.Point;
import dev.cto.costs.analytics.TrendsReport.Series;
import dev.cto.costs.report.Numbers;
import dev.cto.costs.report.View;
import dev.cto.costs.report.View.Cell;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * How a {@link TrendsReport} reads. People get an overview (share, sparkline, last change) and one
 * table per series with the change from the previous period, capped at
 * {@value TrendsReport#SHOWN_SERIES} series; CSV gets every point of every series as one long table.
 */
final class TrendsView {

  private static final String BARS = "▁▂▃▄▅▆▇█";

  private TrendsView() {}

  static View people(TrendsReport r) {
    TrendDimension by = TrendDimension.parse(r.by());
    TrendPeriod period = TrendPeriod.parse(r.period());
    String title = "Cost trends" + (by == TrendDimension.TOTAL ? "" : " by " + by.label()) + ", per " + period.label();
    View.Builder b = View.builder(title);
    int periods = r.series().isEmpty() ? 0 : r.series().get(0).points().size();
    b.fact("Days", r.from() + " to " + r.to() + " (UTC, both included)")
        .fact("Periods", periods + " " + period.label() + (periods == 1 ? "" : "s")
            + (period == TrendPeriod.WEEK ? ", from Monday" : ""))
        .fact("Total cost", Numbers.dollars(r.totalCostUsd()));
    List<Series> shown = r.series().subList(0, Math.min(TrendsReport.SHOWN_SERIES, r.series().size()));
    BigDecimal total = r.totalCostUsd();
    String last = "Last " + period.label();
    String trend = periods > TrendsReport.SPARKLINE_POINTS
        ? "Trend (last " + TrendsReport.SPARKLINE_POINTS + ")" : "Trend";
    b.section("Series", List.of(by.heading(), "Cost", "Share", trend, last, "Change"),
        shown.stream().map(s -> List.of(key(s), Cell.money(s.totalCostUsd()), share(s.totalCostUsd(), total),
            text(sparkline(TrendsReport.costs(s))), Cell.money(lastCost(s)), change(s, s.points().size() - 1))).toList());
    String start = switch (period) {
      case DAY -> "Day";
      case WEEK -> "Week of";
      case MONTH -> "Month";
    };
    for (Series s : shown) {
      List<List<Cell>> rows = new ArrayList<>();
      for (int i = 0; i < s.points().size(); i++) {
        Point p = s.points().get(i);
        String label = period == TrendPeriod.MONTH ? p.start().toString().substring(0, 7) : p.start().toString();
        rows.add(List.of(text(label), Cell.money(p.costUsd()), change(s, i), Cell.count(p.records()),
            Cell.count(p.inputTokens()), Cell.count(p.outputTokens())));
      }
      b.section(by == TrendDimension.TOTAL ? "Total" : by.heading() + " " + display(s.key()),
          List.of(start, "Cost", "Change", "Records", "Input tokens", "Output tokens"), rows);
    }
    if (r.series().size() > shown.size()) {
      List<Series> rest = r.series().subList(shown.size(), r.series().size());
      BigDecimal restCost = rest.stream().map(Series::totalCostUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
      b.note("and " + rest.size() + " more series (" + Numbers.dollars(restCost) + " together): --format json or csv lists"
          + " every one, --repo and --agent narrow the report");
    }
    if (periods > 0) {
      LocalDateRange range = new LocalDateRange(r.from(), r.to(), period);
      if (range.partialEnds()) {
        b.note("the first or last " + period.label() + " is partial: it holds only the days from " + r.from() + " to "
            + r.to() + ", so its change is not like for like");
      }
    }
    if (r.series().isEmpty()) {
      b.note("no usage recorded from " + r.from() + " to " + r.to());
    }
    return b.build();
  }

  /** Every point of every series, one row each: what a spreadsheet or a script wants. */
  static View csv(TrendsReport r) {
    List<List<Cell>> rows = new ArrayList<>();
    for (Series s : r.series()) {
      for (int i = 0; i < s.points().size(); i++) {
        Point p = s.points().get(i);
        rows.add(List.of(Cell.text(s.key()), Cell.text(p.start().toString()), Cell.money(p.costUsd()), change(s, i),
            Cell.count(p.records()), Cell.count(p.inputTokens()), Cell.count(p.outputTokens())));
      }
    }
    return View.builder("Cost trends").section("Points",
        List.of("Series", "Start", "Cost USD", "Change percent", "Records", "Input tokens", "Output tokens"), rows).build();
  }

  /**
   * The change of point {@code i} from the one before, in percent with one decimal: {@code new}
   * when the previous period spent nothing (a percentage of zero is no number), empty for the
   * first point and for nothing after nothing.
   */
  static Cell change(Series s, int i) {
    if (i <= 0) {
      return new Cell("", "-", true, View.Tone.NONE);
    }
    BigDecimal previous = s.points().get(i - 1).costUsd();
    BigDecimal current = s.points().get(i).costUsd();
    if (previous.signum() == 0) {
      return current.signum() == 0 ? new Cell("", "-", true, View.Tone.NONE) : new Cell("", "new", true, View.Tone.NONE);
    }
    BigDecimal percent = current.subtract(previous).multiply(BigDecimal.valueOf(100))
        .divide(previous, 1, RoundingMode.HALF_EVEN);
    String shown = (percent.signum() > 0 ? "+" : "") + percent.toPlainString() + "%";
    return new Cell(percent.toPlainString(), shown, true, View.Tone.NONE);
  }

  /**
   * One bar per period, from 0 (▁, nothing spent) to the series' largest period (█): a period that
   * spent anything gets at least ▂, so a quiet week never looks like an idle one.
   */
  static String sparkline(List<BigDecimal> values) {
    List<BigDecimal> last = values.subList(Math.max(0, values.size() - TrendsReport.SPARKLINE_POINTS), values.size());
    BigDecimal max = last.stream().reduce(BigDecimal.ZERO, BigDecimal::max);
    StringBuilder b = new StringBuilder(last.size());
    for (BigDecimal v : last) {
      if (v.signum() <= 0 || max.signum() == 0) {
        b.append(BARS.charAt(0));
      } else {
        // 1..7 in equal steps of the maximum: only the maximum itself is the full bar
        int level = 1 + v.multiply(BigDecimal.valueOf(BARS.length() - 2)).divide(max, 0, RoundingMode.FLOOR).intValue();
        b.append(BARS.charAt(Math.min(BARS.length() - 1, level)));
      }
    }
    return b.toString();
  }

  private static Cell share(BigDecimal part, BigDecimal total) {
    return Cell.percent(total.signum() == 0 ? null
        : part.multiply(BigDecimal.valueOf(100)).divide(total, 1, RoundingMode.HALF_EVEN));
  }

  private static BigDecimal lastCost(Series s) {
    return s.points().isEmpty() ? BigDecimal.ZERO : s.points().get(s.points().size() - 1).costUsd();
  }

  private static Cell key(Series s) {
    return text(display(s.key()));
  }

  private static String display(String key) {
    return key.isEmpty() ? "(none)" : key;
  }

  private static Cell text(String s) {
    return Cell.text(s);
  }

  /** Whether the range cuts its first or last period short. */
  private record LocalDateRange(java.time.LocalDate from, java.time.LocalDate to, TrendPeriod period) {
    boolean partialEnds() {
      return !period.startOf(from).equals(from) || !period.startOf(to.plusDays(1)).equals(to.plusDays(1));
    }
  }
}
