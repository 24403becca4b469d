package dev.cto.costs.analytics;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * What {@code costs forecast} is asked: a month, the day it is seen from, an optional budget, and
 * optionally one repository and one agent. CLI flags and HTTP parameters ({@code month}, {@code
 * as-of}, {@code budget}, {@code repo}, {@code agent}) are parsed here, so bad input gets one message
 * naming the parameter everywhere.
 *
 * <p>{@code asOf} is the last day whose records count: by default today for the current month and
 * the last day of a past month. A day after the month's end counts as its last day (the month is
 * over: the forecast is its actual total, with a zero-width interval); a day before the month, or
 * after today, is refused.
 *
 * @param budget USD, or null for the configured one (if any)
 */
public record ForecastRequest(YearMonth month, LocalDate asOf, BigDecimal budget, String repository, String agent) {

  /** A billion dollars a month: far beyond any agent budget, and well inside the nano-dollar range. */
  public static final BigDecimal MAX_BUDGET = new BigDecimal("1000000000");

  public ForecastRequest {
    if (month == null || asOf == null) {
      throw new IllegalArgumentException("month and as-of: both are required");
    }
    if (asOf.isBefore(month.atDay(1))) {
      throw new IllegalArgumentException("as-of: " + asOf + " is before " + month + ", the month to forecast");
    }
    if (asOf.isAfter(month.atEndOfMonth())) {
      asOf = month.atEndOfMonth();
    }
    if (budget != null && (budget.signum() <= 0 || budget.compareTo(MAX_BUDGET) > 0)) {
      throw new IllegalArgumentException("budget: must be more than 0 and at most " + MAX_BUDGET.toPlainString()
          + " USD, was " + budget.toPlainString());
    }
    // the same rules as every analytics scope (a blank name is refused)
    new AnalyticsScope(asOf, asOf, repository, agent);
  }

  public static ForecastRequest parse(String month, String asOf, String budget, String repository, String agent, Clock clock) {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    YearMonth m = month(month, today);
    LocalDate day;
    if (asOf == null || asOf.isBlank()) {
      if (m.atDay(1).isAfter(today)) {
        throw new IllegalArgumentException("month: " + m + " has not begun (today is " + today + ")");
      }
      day = m.atEndOfMonth().isBefore(today) ? m.atEndOfMonth() : today;
    } else {
      day = AnalyticsScope.day("as-of", asOf);
      LocalDate counted = day.isAfter(m.atEndOfMonth()) ? m.atEndOfMonth() : day;
      if (counted.isAfter(today)) {
        throw new IllegalArgumentException("as-of: " + day + " is after today (" + today + "): it replays days that have passed");
      }
    }
    return new ForecastRequest(m, day, budget(budget), repository, agent);
  }

  private static YearMonth month(String value, LocalDate today) {
    if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("current")) {
      return YearMonth.from(today);
    }
    try {
      return YearMonth.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("month: '" + value + "' is not a month (use current or YYYY-MM, e.g. 2026-11)");
    }
  }

  private static BigDecimal budget(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      BigDecimal usd = new BigDecimal(value.trim().startsWith("$") ? value.trim().substring(1) : value.trim());
      if (usd.scale() > 9) {
        throw new IllegalArgumentException("budget: at most 9 decimals (nano-dollars), was " + value);
      }
      return usd;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("budget: '" + value + "' is not an amount in USD (e.g. 500 or 1250.50)");
    }
  }
}
