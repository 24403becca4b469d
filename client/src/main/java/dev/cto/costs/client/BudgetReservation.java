package dev.cto.costs.client;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What the collector holds for one model call until it is settled or released.
 *
 * @param id null when nothing is held: no enforced budget covers the call, the model is unpriced or
 *     free, or the budgets could not be checked and the gate fails open (see {@code reason})
 * @param budget the enforced budget with the least left once this call is counted, or null
 * @param reservedUsd the call's worst case, held against every enforced budget covering it
 * @param remainingUsd what {@code budget} has left with this reservation counted, or null
 * @param expiresAt when the collector stops holding it if it is neither settled nor released
 * @param reason why nothing is held, when {@code id} is null
 */
public record BudgetReservation(String id, String budget, BigDecimal reservedUsd, BigDecimal remainingUsd,
    Instant expiresAt, String reason) {

  /** Whether the collector holds money for this call (and wants it settled or released). */
  public boolean held() {
    return id != null;
  }

  static BudgetReservation unchecked(String reason) {
    return new BudgetReservation(null, null, BigDecimal.ZERO, null, null, reason);
  }
}
