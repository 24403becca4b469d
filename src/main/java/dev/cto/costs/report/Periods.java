package dev.cto.costs.report;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The report periods users name, shared by the CLI and the HTTP API: dates as {@code YYYY-MM-DD}
 * (UTC midnight) or RFC 3339, months as {@code current}, {@code previous} or {@code YYYY-MM}, and
 * "the last N days" (today included). Bad input throws {@link IllegalArgumentException} naming
 * the parameter.
 */
public final class Periods {

  /** [from, until); until null means "now". */
  public record Window(Instant from, Instant until) {}

  private Periods() {}

  public static Instant date(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      if (value.length() == 10) {
        return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + ": '" + value + "' is not a date (use YYYY-MM-DD or RFC 3339, e.g. 2026-01-31T12:00:00Z)");
    }
  }

  public static Window month(String value, Clock clock) {
    YearMonth now = YearMonth.now(clock.withZone(ZoneOffset.UTC));
    YearMonth month;
    if (value == null || value.equalsIgnoreCase("current")) {
      month = now;
    } else if (value.equalsIgnoreCase("previous") || value.equalsIgnoreCase("last")) {
      month = now.minusMonths(1);
    } else {
      try {
        month = YearMonth.parse(value);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("month: '" + value + "' is not a month (use current, previous or YYYY-MM)");
      }
    }
    return new Window(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
        month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  public static Instant lastDays(int days, Clock clock) {
    if (days < 1) {
      throw new IllegalArgumentException("days must be >= 1, was " + days);
    }
    return LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(days - 1L).atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
