package dev.cto.costs.client;

import java.math.BigDecimal;

/**
 * An enforced budget has no room for the call's worst case: the call must not be made. The message
 * is the collector's, the same the proxy gives an agent (names the budget, its scope, spend and
 * limit); the fields carry the figures.
 *
 * <p>Unchecked, like the provider SDKs' rate-limit errors: it ends the agent's step the same way.
 */
public final class BudgetExceededException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String budget;
  private final BigDecimal limitUsd;
  private final BigDecimal spentUsd;
  private final BigDecimal reservedUsd;
  private final Long retryAfterSeconds;

  /** @param retryAfterSeconds until the budget's period starts over; null for a PR's whole life */
  public BudgetExceededException(String message, String budget, BigDecimal limitUsd, BigDecimal spentUsd,
      BigDecimal reservedUsd, Long retryAfterSeconds) {
    super(message);
    this.budget = budget;
    this.limitUsd = limitUsd;
    this.spentUsd = spentUsd;
    this.reservedUsd = reservedUsd;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public String budget() {
    return budget;
  }

  public BigDecimal limitUsd() {
    return limitUsd;
  }

  public BigDecimal spentUsd() {
    return spentUsd;
  }

  /** What calls in flight hold against the budget. */
  public BigDecimal reservedUsd() {
    return reservedUsd;
  }

  /** The limit less spend and reservations, never below zero. */
  public BigDecimal remainingUsd() {
    BigDecimal left = limitUsd.subtract(spentUsd).subtract(reservedUsd);
    return left.signum() < 0 ? BigDecimal.ZERO : left;
  }

  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
