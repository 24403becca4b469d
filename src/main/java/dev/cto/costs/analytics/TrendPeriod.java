package dev.cto.costs.analytics;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/** How {@code costs trends} buckets days: UTC days, weeks from Monday (ISO), calendar months. */
public enum TrendPeriod {
  DAY, WEEK, MONTH;

  /** The first day of the period holding {@code day}. */
  public LocalDate startOf(LocalDate day) {
    return switch (this) {
      case DAY -> day;
      case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> day.withDayOfMonth(1);
    };
  }

  /** The first day of the period after the one starting on {@code start}. */
  public LocalDate next(LocalDate start) {
    return switch (this) {
      case DAY -> start.plusDays(1);
      case WEEK -> start.plusWeeks(1);
      case MONTH -> start.plusMonths(1);
    };
  }

  /** As the flag and the JSON write it: {@code day}, {@code week}, {@code month}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The user's {@code --period}; null is the default, week. */
  public static TrendPeriod parse(String value) {
    if (value == null || value.isBlank()) {
      return WEEK;
    }
    for (TrendPeriod p : values()) {
      if (p.label().equalsIgnoreCase(value.trim())) {
        return p;
      }
    }
    throw new IllegalArgumentException("period: must be day, week or month, was '" + value + "'");
  }
}
