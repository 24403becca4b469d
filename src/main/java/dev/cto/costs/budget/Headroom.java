package dev.cto.costs.budget;

import dev.cto.costs.domain.Usd;

/**
 * What is left of one budget for a call, as this process last saw it: the limit less spend, the
 * reservations of calls in flight (this one's worst case included), never below zero. The proxy
 * sends the tightest in scope as {@code x-cto-budget-name} and {@code x-cto-budget-remaining-usd}.
 */
public record Headroom(String budget, Usd remaining) {

  /** The one with less left (the first on a tie); null when both are. */
  static Headroom tighter(Headroom a, Headroom b) {
    if (a == null) {
      return b;
    }
    return b == null || a.remaining.compareTo(b.remaining) <= 0 ? a : b;
  }
}
