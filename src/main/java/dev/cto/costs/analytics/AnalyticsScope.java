package dev.cto.costs.analytics;

import dev.cto.costs.store.UsageFilter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * What every analytics report covers: whole UTC days from {@code from} to {@code to}, both
 * inclusive, optionally one repository and one agent. The same four names are CLI flags
 * ({@code --since --until --repo --agent}) and HTTP query parameters ({@code since until repo agent}),
 * so both front ends build their scope here and reject bad input with the same message.
 *
 * @param repository exact repository, or null for all ({@code ""} selects work without one)
 * @param agent exact agent, or null for all
 */
public record AnalyticsScope(LocalDate from, LocalDate to, String repository, String agent) {

  /** Without dates, a report covers the last 90 days, today included. */
  public static final int DEFAULT_DAYS = 90;

  /** A longer range is refused: it is far beyond any question these reports answer, and unbounded work. */
  public static final int MAX_DAYS = 3_660;

  public AnalyticsScope {
    if (from == null || to == null) {
      throw new IllegalArgumentException("since and until: both days are required");
    }
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("until: " + to + " is before since " + from + " (both days are inclusive)");
    }
    if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
      throw new IllegalArgumentException(
          "since/until: " + from + " to " + to + " spans more than " + MAX_DAYS + " days; narrow the range");
    }
    repository = blankToNull(repository, "repo");
    agent = blankToNull(agent, "agent");
  }

  /**
   * Builds the scope from user input: {@code since} and {@code until} as {@code YYYY-MM-DD} (or
   * null); a missing {@code until} is today (UTC), a missing {@code since} is {@value #DEFAULT_DAYS}
   * days before {@code until}, counting it. Bad input throws {@link IllegalArgumentException}
   * naming the parameter.
   */
  public static AnalyticsScope parse(String since, String until, String repository, String agent, Clock clock) {
    LocalDate to = until == null || until.isBlank() ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : day("until", until);
    LocalDate from = since == null || since.isBlank() ? to.minusDays(DEFAULT_DAYS - 1L) : day("since", since);
    return new AnalyticsScope(from, to, repository, agent);
  }

  /** A day as the user wrote it: {@code YYYY-MM-DD}, UTC. */
  public static LocalDate day(String name, String value) {
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + ": '" + value + "' is not a day (use YYYY-MM-DD, e.g. 2026-11-30)");
    }
  }

  /** Start of {@code from}, UTC. */
  public Instant start() {
    return from.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** Start of the day after {@code to}, UTC: the exclusive end. */
  public Instant end() {
    return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** Number of days covered, both ends counted. */
  public int days() {
    return (int) ChronoUnit.DAYS.between(from, to) + 1;
  }

  /** The store filter for exactly this scope (day-aligned, so the daily rollup can answer it). */
  public UsageFilter filter() {
    return new UsageFilter(repository, null, agent, start(), end(), null);
  }

  /** The same repository and agent over other days (a baseline window before the scope, say). */
  public AnalyticsScope withDays(LocalDate newFrom, LocalDate newTo) {
    return new AnalyticsScope(newFrom, newTo, repository, agent);
  }

  private static String blankToNull(String value, String name) {
    if (value == null) {
      return null;
    }
    if (value.isBlank() && !value.isEmpty()) {
      throw new IllegalArgumentException(name + ": is blank");
    }
    return value;
  }
}
