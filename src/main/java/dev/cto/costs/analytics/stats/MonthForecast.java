package dev.cto.costs.analytics.stats;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Where a month's spend is projected to end, seen from {@code asOf}.
 *
 * @param spentNanos the month's spend up to the end of {@code asOf}
 * @param projectedNanos spent plus the projection of the remaining days
 * @param lowNanos the interval's lower end at {@code confidence}
 * @param highNanos the interval's upper end
 * @param method the method's name, as the output shows it
 */
public record MonthForecast(
    YearMonth month, LocalDate asOf, long spentNanos, int daysElapsed, int daysInMonth,
    long projectedNanos, long lowNanos, long highNanos, double confidence, String method) {

  public MonthForecast {
    if (lowNanos > projectedNanos || projectedNanos > highNanos || spentNanos > lowNanos) {
      throw new IllegalArgumentException("expected spent <= low <= projected <= high, was " + spentNanos + ", "
          + lowNanos + ", " + projectedNanos + ", " + highNanos);
    }
  }
}
