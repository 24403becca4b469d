package dev.cto.costs.budget;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/** How long a budget's money lasts before it starts over: a PR's whole life, or a UTC day, week (from Monday) or month. */
public enum BudgetPeriod {
  PR,
  DAY,
  WEEK,
  MONTH;

  /** The config's spelling: {@code pr}, {@code day}, {@code week}, {@code month}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The period by its config name, or null when there is none such. */
  public static BudgetPeriod parse(String text) {
    for (BudgetPeriod p : values()) {
      if (p.configName().equals(text)) {
        return p;
      }
    }
    return null;
  }

  /** The period containing {@code now}: UTC midnights; unbounded for {@link #PR}. */
  public PeriodWindow window(Instant now) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    LocalDate start;
    LocalDate end;
    switch (this) {
      case DAY -> {
        start = today;
        end = today.plusDays(1);
      }
      case WEEK -> {
        start = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        end = start.plusWeeks(1);
      }
      case MONTH -> {
        start = today.withDayOfMonth(1);
        end = start.plusMonths(1);
      }
      default -> {
        return PeriodWindow.UNBOUNDED;
      }
    }
    return new PeriodWindow(start.atStartOfDay().toInstant(ZoneOffset.UTC), end.atStartOfDay().toInstant(ZoneOffset.UTC));
  }
}
