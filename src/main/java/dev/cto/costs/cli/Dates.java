package dev.cto.costs.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Command-line dates: {@code YYYY-MM-DD} (UTC midnight) or RFC 3339. */
final class Dates {

  private Dates() {}

  static Instant parse(String option, String value) {
    if (value == null) {
      return null;
    }
    try {
      if (value.length() == 10) {
        return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw UserInputException.usage(
          option + ": '" + value + "' is not a date (use YYYY-MM-DD or RFC 3339, e.g. 2026-01-31T12:00:00Z)");
    }
  }

  static YearMonth month(String value, java.time.Clock clock) {
    if (value == null || value.equalsIgnoreCase("current")) {
      return YearMonth.now(clock.withZone(ZoneOffset.UTC));
    }
    if (value.equalsIgnoreCase("previous") || value.equalsIgnoreCase("last")) {
      return YearMonth.now(clock.withZone(ZoneOffset.UTC)).minusMonths(1);
    }
    try {
      return YearMonth.parse(value);
    } catch (DateTimeParseException e) {
      throw UserInputException.usage(
          "--month: '" + value + "' is not a month (use current, previous or YYYY-MM)");
    }
  }
}
