package dev.cto.costs.analytics;

import dev.cto.costs.report.Format;
import dev.cto.costs.report.Presentable;
import dev.cto.costs.report.View;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code costs trends}: spend, records and tokens per period, one series per key. Every period from
 * the one holding {@code from} to the one holding {@code to} has a point (zeros included); series
 * run by {@code total_cost_usd} descending.
 *
 * @param by {@code total}, {@code agent}, {@code model}, {@code stage} or {@code repository}
 * @param period {@code day}, {@code week} (from Monday) or {@code month}, UTC
 */
public record TrendsReport(String by, String period, LocalDate from, LocalDate to, List<Series> series)
    implements Presentable {

  /** Series a table or Markdown shows in full; the JSON and CSV hold every one. */
  public static final int SHOWN_SERIES = 8;

  /** Bars in a sparkline: the latest periods, so a long daily range still fits a terminal line. */
  public static final int SPARKLINE_POINTS = 26;

  public TrendsReport {
    series = List.copyOf(series);
  }

  /** @param key the agent, model, stage or repository ({@code ""}: work without one), or {@code total} */
  public record Series(String key, BigDecimal totalCostUsd, List<Point> points) {
    public Series {
      points = List.copyOf(points);
    }
  }

  /** @param start the period's first day (it may lie before {@code from}: only days in range count) */
  public record Point(LocalDate start, BigDecimal costUsd, long records, long inputTokens, long outputTokens) {}

  @Override
  public View view() {
    return view(Format.TABLE);
  }

  @Override
  public View view(Format format) {
    return format == Format.CSV ? TrendsView.csv(this) : TrendsView.people(this);
  }

  /** The grand total over every series (each record is in exactly one). */
  public BigDecimal totalCostUsd() {
    BigDecimal total = BigDecimal.ZERO;
    for (Series s : series) {
      total = total.add(s.totalCostUsd());
    }
    return total;
  }

  /** The cost of each point, in order: what the sparkline and the changes are drawn from. */
  static List<BigDecimal> costs(Series s) {
    List<BigDecimal> out = new ArrayList<>(s.points().size());
    s.points().forEach(p -> out.add(p.costUsd()));
    return out;
  }
}
