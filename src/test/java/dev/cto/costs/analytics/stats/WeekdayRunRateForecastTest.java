package dev.cto.costs.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WeekdayRunRateForecastTest {

  /** $10 every day from {@code first} to {@code last}. */
  private static DailySeries flat(LocalDate first, LocalDate last) {
    long[] nanos = new long[(int) (last.toEpochDay() - first.toEpochDay()) + 1];
    Arrays.fill(nanos, 10_000_000_000L);
    return new DailySeries(first, nanos);
  }

  @Test
  void aShortHistoryGetsTheWideIntervalAndSaysWhy() {
    LocalDate asOf = LocalDate.parse("2026-11-20");
    MonthForecast f = new WeekdayRunRateForecast().forecast(flat(LocalDate.parse("2026-11-01"), asOf), YearMonth.of(2026, 11), asOf);

    // 20 days spent, 10 ahead at the flat $10: the projection is exact, the interval ±50 % of what is ahead
    assertThat(f.projectedNanos()).isEqualTo(300_000_000_000L);
    assertThat(f.lowNanos()).isEqualTo(250_000_000_000L);
    assertThat(f.highNanos()).isEqualTo(350_000_000_000L);
    assertThat(f.method()).contains("±50% interval").contains("under 8 past projections of this horizon");
  }

  @Test
  void aLongHistoryCalibratesTheIntervalOnItsOwnPast() {
    LocalDate asOf = LocalDate.parse("2026-11-20");
    MonthForecast f = new WeekdayRunRateForecast().forecast(flat(LocalDate.parse("2026-06-01"), asOf), YearMonth.of(2026, 11), asOf);

    assertThat(f.method()).isEqualTo(WeekdayRunRateForecast.METHOD);
    assertThat(f.lowNanos()).isEqualTo(f.projectedNanos()); // a history without surprises: no spread
    assertThat(f.highNanos()).isEqualTo(f.projectedNanos());
  }
}
