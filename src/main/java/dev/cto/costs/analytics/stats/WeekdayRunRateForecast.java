package dev.cto.costs.analytics.stats;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Projects a month's end from its daily spend so far: a weekday-weighted run rate, and an interval
 * taken from the method's own errors on the same history.
 *
 * <ol>
 *   <li><b>Weekday weights.</b> Agents work less at weekends: each weekday's mean spend over the
 *       last eight weeks, relative to the mean day, shrunk towards 1 while there are few weeks.
 *   <li><b>Level.</b> The weekday-adjusted daily rate of the last 14 days: recent enough to follow a
 *       step change (a new agent, a model switch) within two weeks, long enough to average noise.
 *   <li><b>Interval.</b> The same projection made from every earlier day of the history, for as
 *       many days ahead as remain in the month, and compared with what was then spent: the 10th
 *       and 90th percentiles of those errors (as ratios) give the 80 % interval. It is as wide as
 *       this history's own surprises, not a textbook's. With under {@value #MIN_BACKTESTS} such
 *       trials the interval falls back to ±50 % of the remaining projection, and says so.
 * </ol>
 *
 * A trend term (the change between this level and the previous 14 days', carried forward) made
 * the backtest worse at every as-of day, even damped to half: after a step change it overshoots,
 * and within a month a steady trend moves the total less than the daily noise. The figures of the
 * backtest are in docs/benchmarks.md.
 */
public final class WeekdayRunRateForecast {

  public static final String METHOD = "weekday-weighted 14-day run rate, empirical 80% interval";
  public static final double CONFIDENCE = 0.8;

  static final int LEVEL_DAYS = 14;
  static final int WEEKDAY_DAYS = 56;
  static final int MIN_BACKTESTS = 8;
  private static final double SHRINK_WEEKS = 1;

  /** The month's forecast as of the end of {@code asOf}; records after it are not in {@code series}. */
  public MonthForecast forecast(DailySeries series, YearMonth month, LocalDate asOf) {
    if (!YearMonth.from(asOf).equals(month)) {
      throw new IllegalArgumentException("as-of " + asOf + " is not in " + month);
    }
    LocalDate monthEnd = month.atEndOfMonth();
    long spent = series.sum(month.atDay(1), asOf);
    int remaining = (int) ChronoUnit.DAYS.between(asOf, monthEnd);
    if (remaining == 0) {
      return new MonthForecast(month, asOf, spent, asOf.getDayOfMonth(), month.lengthOfMonth(), spent, spent, spent,
          CONFIDENCE, METHOD);
    }
    double ahead = project(series, asOf, remaining);
    double[] errors = backtestErrors(series, asOf, remaining);
    double lowFactor;
    double highFactor;
    String method = METHOD;
    if (errors.length < MIN_BACKTESTS) {
      lowFactor = 0.5;
      highFactor = 1.5;
      method = METHOD.replace("empirical 80% interval", "±50% interval (history too short: under " + MIN_BACKTESTS
          + " past projections of this horizon to calibrate it)");
    } else {
      Arrays.sort(errors);
      lowFactor = Math.exp(nearestRank(errors, 0.1));
      highFactor = Math.exp(nearestRank(errors, 0.9));
    }
    long projected = spent + Math.round(ahead);
    long low = spent + Math.round(ahead * Math.min(lowFactor, 1));
    long high = spent + Math.round(ahead * Math.max(highFactor, 1));
    return new MonthForecast(month, asOf, spent, asOf.getDayOfMonth(), month.lengthOfMonth(), projected, low, high,
        CONFIDENCE, method);
  }

  /** The spend projected for the {@code days} days after {@code lastDay}, from the series up to it. */
  double project(DailySeries series, LocalDate lastDay, int days) {
    double total = 0;
    for (double day : dailyProjection(series, lastDay, days)) {
      total += day;
    }
    return total;
  }

  /**
   * The projected spend of each of the {@code days} days after {@code lastDay}, in nano-dollars:
   * the path {@link #forecast} sums, so a caller can find the day a running total crosses a budget.
   */
  public double[] dailyProjection(DailySeries series, LocalDate lastDay, int days) {
    double[] weights = weekdayWeights(series, lastDay);
    double level = level(series, lastDay, weights);
    double[] path = new double[days];
    for (int i = 1; i <= days; i++) {
      path[i - 1] = level * weights[lastDay.plusDays(i).getDayOfWeek().ordinal()];
    }
    return path;
  }

  /** ln(actual / projected) of every earlier trial that looked {@code days} ahead. */
  private double[] backtestErrors(DailySeries series, LocalDate asOf, int days) {
    List<Double> errors = new ArrayList<>();
    LocalDate earliest = series.first().plusDays(LEVEL_DAYS - 1L);
    for (LocalDate anchor = asOf.minusDays(days); !anchor.isBefore(earliest); anchor = anchor.minusDays(1)) {
      double projected = project(series, anchor, days);
      long actual = series.sum(anchor.plusDays(1), anchor.plusDays(days));
      if (projected > 0 && actual > 0) {
        errors.add(Math.log(actual / projected));
      }
    }
    return errors.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Each weekday's spend relative to the mean day (1 = average), shrunk towards 1 on short history. */
  static double[] weekdayWeights(DailySeries series, LocalDate lastDay) {
    double[] sum = new double[7];
    int[] count = new int[7];
    double all = 0;
    int days = 0;
    for (int i = 0; i < WEEKDAY_DAYS; i++) {
      LocalDate day = lastDay.minusDays(i);
      if (series.covers(day)) {
        int weekday = day.getDayOfWeek().ordinal();
        sum[weekday] += series.on(day);
        count[weekday]++;
        all += series.on(day);
        days++;
      }
    }
    double[] weights = new double[7];
    double mean = days == 0 ? 0 : all / days;
    for (DayOfWeek d : DayOfWeek.values()) {
      int w = d.ordinal();
      double raw = mean > 0 && count[w] > 0 ? sum[w] / count[w] / mean : 1;
      weights[w] = (count[w] * raw + SHRINK_WEEKS) / (count[w] + SHRINK_WEEKS);
    }
    return weights;
  }

  /** Spend per weight unit over the {@value #LEVEL_DAYS} days ending {@code lastDay}. */
  private static double level(DailySeries series, LocalDate lastDay, double[] weights) {
    double spend = 0;
    double weight = 0;
    for (int i = 0; i < LEVEL_DAYS; i++) {
      LocalDate day = lastDay.minusDays(i);
      if (series.covers(day)) {
        spend += series.on(day);
        weight += weights[day.getDayOfWeek().ordinal()];
      }
    }
    return weight > 0 ? spend / weight : 0;
  }

  private static double nearestRank(double[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length - 1e-9);
    return sorted[Math.max(rank, 1) - 1];
  }
}
