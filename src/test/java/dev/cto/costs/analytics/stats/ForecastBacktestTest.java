package dev.cto.costs.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The forecast's backtest: on a generated history with a trend, a weekly pattern, noise and one
 * step change, the month-end projection from day 5, 10 and 20 of every month is compared with the
 * month's actual total. The targets: median absolute error at most 10 % from day 10 on, and the 80 %
 * interval covering the actual total in at least 75 % of the months. Several seeds, so the targets
 * do not hold by one lucky draw.
 */
class ForecastBacktestTest {

  /** Mon..Sun: agents work less at weekends. */
  private static final double[] WEEKLY = {1.1, 1.15, 1.2, 1.1, 1.0, 0.35, 0.25};
  private static final LocalDate START = LocalDate.of(2025, 1, 1);
  private static final int DAYS = 40 * 31;

  /** 40 months of $200 a day rising 0.15 % a day, a weekly pattern, ±30 % noise and a ×1.6 step on a random day. */
  static DailySeries history(long seed) {
    Random random = new Random(seed);
    long[] nanos = new long[DAYS];
    int step = 200 + random.nextInt(600);
    for (int i = 0; i < DAYS; i++) {
      LocalDate day = START.plusDays(i);
      double level = 200 * Math.pow(1.0015, i) * (i >= step ? 1.6 : 1);
      double noise = Math.exp(0.3 * random.nextGaussian() - 0.045);
      nanos[i] = Math.round(level * WEEKLY[day.getDayOfWeek().ordinal()] * noise * 1e9);
    }
    return new DailySeries(START, nanos);
  }

  record Trial(int day, double error, boolean covered) {}

  static List<Trial> backtest(DailySeries full) {
    return backtest(full, Integer.MAX_VALUE);
  }

  /** As the forecast service runs it: only {@code lookbackDays} of history before the month. */
  static List<Trial> backtest(DailySeries full, int lookbackDays) {
    WeekdayRunRateForecast model = new WeekdayRunRateForecast();
    List<Trial> trials = new ArrayList<>();
    for (YearMonth month = YearMonth.from(START).plusMonths(3); !month.atEndOfMonth().isAfter(full.last());
        month = month.plusMonths(1)) {
      long actual = full.sum(month.atDay(1), month.atEndOfMonth());
      for (int day : new int[] {5, 10, 20}) {
        LocalDate asOf = month.atDay(day);
        MonthForecast f = model.forecast(window(full, month.atDay(1).minusDays(Math.min(lookbackDays, 100_000)), asOf), month, asOf);
        trials.add(new Trial(day, Math.abs(f.projectedNanos() - actual) / (double) actual,
            f.lowNanos() <= actual && actual <= f.highNanos()));
      }
    }
    return trials;
  }

  /** What the store would hold at the end of {@code asOf}: nothing after it. */
  static DailySeries upTo(DailySeries full, LocalDate asOf) {
    int days = (int) ChronoUnit.DAYS.between(full.first(), asOf) + 1;
    return new DailySeries(full.first(), Arrays.copyOf(full.nanos(), days));
  }

  /** The days from {@code first} (or the series' start, if later) to {@code asOf}. */
  static DailySeries window(DailySeries full, LocalDate first, LocalDate asOf) {
    LocalDate start = first.isBefore(full.first()) ? full.first() : first;
    int from = (int) ChronoUnit.DAYS.between(full.first(), start);
    int to = (int) ChronoUnit.DAYS.between(full.first(), asOf) + 1;
    return new DailySeries(start, Arrays.copyOfRange(full.nanos(), from, to));
  }

  static double median(List<Trial> trials, int day) {
    double[] errors = trials.stream().filter(t -> t.day() == day).mapToDouble(Trial::error).sorted().toArray();
    return errors[(int) Math.ceil(errors.length * 0.5) - 1];
  }

  /** The share of trials from {@code fromDay} on whose interval held the actual total. */
  static double coverage(List<Trial> trials, int fromDay) {
    return trials.stream().filter(t -> t.day() >= fromDay).filter(Trial::covered).count()
        / (double) trials.stream().filter(t -> t.day() >= fromDay).count();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void monthEndErrorAndIntervalCoverageMeetTheTargets(long seed) {
    List<Trial> trials = backtest(history(seed));
    assertThat(trials).hasSizeGreaterThan(30);
    // the figures of docs/benchmarks.md (target/surefire-reports/*ForecastBacktestTest-output.txt)
    System.out.printf("seed %d, %d months: median |error| day 5 %.1f%%, day 10 %.1f%%, day 20 %.1f%%; "
        + "80%% interval held the total from day 10 on in %.0f%% of trials%n", seed, trials.size() / 3,
        100 * median(trials, 5), 100 * median(trials, 10), 100 * median(trials, 20), 100 * coverage(trials, 10));
    for (int day : new int[] {10, 20}) {
      assertThat(median(trials, day)).as("median absolute error on day %d, seed %d", day, seed).isLessThanOrEqualTo(0.10);
    }
    assertThat(coverage(trials, 10)).as("80%% interval coverage from day 10 on, seed %d", seed).isGreaterThanOrEqualTo(0.75);
  }

  /**
   * {@code costs forecast} reads only {@value dev.cto.costs.analytics.ForecastService#LOOKBACK_DAYS} days of
   * history before the month (a bounded rollup read): the targets hold with that history too.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void theTargetsHoldWithTheServicesBoundedHistory(long seed) {
    List<Trial> trials = backtest(history(seed), LOOKBACK);
    System.out.printf("lookback %d days, seed %d: median |error| day 5 %.1f%%, day 10 %.1f%%, day 20 %.1f%%; "
        + "interval held from day 10 on in %.0f%% of trials%n", LOOKBACK, seed,
        100 * median(trials, 5), 100 * median(trials, 10), 100 * median(trials, 20), 100 * coverage(trials, 10));
    for (int day : new int[] {10, 20}) {
      assertThat(median(trials, day)).as("median absolute error on day %d, seed %d", day, seed).isLessThanOrEqualTo(0.10);
    }
    assertThat(coverage(trials, 10)).as("80%% interval coverage from day 10 on, seed %d", seed).isGreaterThanOrEqualTo(0.75);
  }

  /** 56 and 182 days were tried: too few trials for the interval, coverage 62–74 % and 72–86 %. */
  static final int LOOKBACK = dev.cto.costs.analytics.ForecastService.LOOKBACK_DAYS;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void theWeekendsLowSpendIsNotProjectedOntoWeekdays(long seed) {
    // a Sunday as-of (low spend) and the following Wednesday (high) project nearly the same month
    DailySeries full = history(seed);
    WeekdayRunRateForecast model = new WeekdayRunRateForecast();
    LocalDate sunday = LocalDate.of(2025, 6, 8);
    assertThat(sunday.getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
    long fromSunday = model.forecast(upTo(full, sunday), YearMonth.of(2025, 6), sunday).projectedNanos();
    long fromWednesday = model.forecast(upTo(full, sunday.plusDays(3)), YearMonth.of(2025, 6), sunday.plusDays(3))
        .projectedNanos();
    assertThat(Math.abs(fromSunday - fromWednesday) / (double) fromWednesday).isLessThan(0.08);
  }
}
