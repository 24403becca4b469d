package dev.cto.costs.cli;

import dev.cto.costs.report.Periods;
import java.time.Instant;

/** Command-line dates ({@link Periods}), with bad input as a usage error (exit code 2). */
final class Dates {

  private Dates() {}

  static Instant parse(String option, String value) {
    try {
      return Periods.date(option, value);
    } catch (IllegalArgumentException e) {
      throw UserInputException.usage(e.getMessage());
    }
  }

  static Periods.Window month(String value, java.time.Clock clock) {
    try {
      return Periods.month(value, clock);
    } catch (IllegalArgumentException e) {
      throw UserInputException.usage("--" + e.getMessage());
    }
  }

  static Instant lastDays(int days, java.time.Clock clock) {
    try {
      return Periods.lastDays(days, clock);
    } catch (IllegalArgumentException e) {
      throw UserInputException.usage("--" + e.getMessage());
    }
  }
}
