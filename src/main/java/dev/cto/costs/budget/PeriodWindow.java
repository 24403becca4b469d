package dev.cto.costs.budget;

import java.time.Instant;

/**
 * The stretch of time a budget's current period covers, {@code [start, end)}; both null for a PR's
 * whole life, which has no calendar bounds.
 */
public record PeriodWindow(Instant start, Instant end) {

  public static final PeriodWindow UNBOUNDED = new PeriodWindow(null, null);

  public boolean isBounded() {
    return start != null;
  }
}
