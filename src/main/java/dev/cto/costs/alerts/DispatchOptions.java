package dev.cto.costs.alerts;

import java.time.Duration;

/**
 * How the dispatcher retries and claims.
 *
 * @param firstRetry delay after the first failed attempt; doubles per attempt up to {@code maxRetry}
 * @param maxAttempts attempts before a delivery is given up (logged as an error)
 * @param lease how long a claimed delivery belongs to this process; longer than any sink's timeout
 * @param poll how often the outbox is checked for due retries and other replicas' crossings
 */
public record DispatchOptions(Duration firstRetry, Duration maxRetry, int maxAttempts, Duration lease, Duration poll) {

  public static final DispatchOptions DEFAULTS =
      new DispatchOptions(Duration.ofSeconds(10), Duration.ofMinutes(10), 12, Duration.ofMinutes(2), Duration.ofSeconds(5));

  public DispatchOptions withFirstRetry(Duration first) {
    return new DispatchOptions(first, maxRetry, maxAttempts, lease, first.compareTo(poll) < 0 ? first : poll);
  }

  /** The delay before attempt {@code attempts + 1}. */
  Duration backoff(int attempts) {
    Duration d = firstRetry;
    for (int i = 1; i < attempts && d.compareTo(maxRetry) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxRetry) > 0 ? maxRetry : d;
  }
}
