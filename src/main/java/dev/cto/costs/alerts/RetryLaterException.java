package dev.cto.costs.alerts;

import java.time.Duration;

/** A sink's receiver asked to be called again no sooner than {@code after} (HTTP 429/503 Retry-After). */
public final class RetryLaterException extends Exception {

  private static final long serialVersionUID = 1L;
  private final Duration after;

  public RetryLaterException(String message, Duration after) {
    super(message);
    this.after = after;
  }

  public Duration after() {
    return after;
  }
}
