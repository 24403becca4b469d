package dev.cto.costs.web.ui;

import dev.cto.costs.analytics.AnalyticsScope;
import dev.cto.costs.analytics.TrendPeriod;
import dev.cto.costs.analytics.TrendsReport;
import dev.cto.costs.report.Lines.DayAgentLine;
import dev.cto.costs.report.Lines.IterationLine;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The dashboard's charts, built from report lines: every day or iteration has a bar, zeros included. */
final class Charts {

  private Charts() {}

  /** Daily spend stacked by agent over every day of the scope. */
  static ChartData dailyByAgent(AnalyticsScope range, List<DayAgentLine> lines) {
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate d = range.from(); !d.isAfter(range.to()); d = d.plusDays(1)) {
      days.add(d);
    }
    Map<String, BigDecimal[]> byAgent = new LinkedHashMap<>();
    for (DayAgentLine line : lines) {
      int i = (int) java.time.temporal.ChronoUnit.DAYS.between(range.from(), line.date());
      if (i >= 0 && i < days.size()) {
        byAgent.computeIfAbsent(line.agent(), a -> zeros(days.size()))[i] = line.costUsd();
      }
    }
    List<Long> x = days.stream().map(d -> d.atStartOfDay(ZoneOffset.UTC).toEpochSecond()).toList();
    return new ChartData(true, "day", x, ChartData.top(series(byAgent)));
  }

  /** A PR's cost per iteration, stacked by agent. */
  static ChartData iterationsByAgent(List<IterationLine> lines) {
    TreeSet<Integer> iterations = new TreeSet<>();
    lines.forEach(l -> iterations.add(l.iteration()));
    int max = iterations.isEmpty() ? 0 : iterations.last();
    Map<String, BigDecimal[]> byAgent = new LinkedHashMap<>();
    for (IterationLine line : lines) {
      byAgent.computeIfAbsent(line.agent(), a -> zeros(max))[line.iteration() - 1] = line.costUsd();
    }
    List<Long> x = new ArrayList<>();
    for (long i = 1; i <= max; i++) {
      x.add(i);
    }
    return new ChartData(false, "iteration", x, ChartData.top(series(byAgent)));
  }

  /** One trend series as bars, one per period (UTC start of each period on the x axis). */
  static ChartData trend(TrendsReport.Series series, TrendPeriod period) {
    List<Long> x = series.points().stream().map(p -> p.start().atStartOfDay(ZoneOffset.UTC).toEpochSecond()).toList();
    List<BigDecimal> values = series.points().stream().map(TrendsReport.Point::costUsd).toList();
    return new ChartData(true, period.label(), x, List.of(new ChartData.Series("Spent", values)));
  }

  private static List<ChartData.Series> series(Map<String, BigDecimal[]> byName) {
    List<ChartData.Series> out = new ArrayList<>();
    byName.forEach((name, values) -> out.add(new ChartData.Series(name, List.of(values))));
    return out;
  }

  private static BigDecimal[] zeros(int n) {
    BigDecimal[] values = new BigDecimal[n];
    java.util.Arrays.fill(values, BigDecimal.ZERO);
    return values;
  }
}
