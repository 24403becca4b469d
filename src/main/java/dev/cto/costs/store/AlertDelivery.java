package dev.cto.costs.store;

import dev.cto.costs.domain.Alert;
import dev.cto.costs.domain.Announcement;
import dev.cto.costs.domain.ThresholdCrossing;

/**
 * One alert to be announced through one alert sink, as claimed from the outbox.
 *
 * @param alert a threshold crossing or an announcement
 * @param sink the sink's stable id
 * @param attempts delivery attempts so far, this one included
 * @param claim the claim token; only its holder may settle the delivery
 */
public record AlertDelivery(Alert alert, String sink, int attempts, String claim) {

  public AlertDelivery {
    if (alert == null || sink == null || claim == null) {
      throw new IllegalArgumentException("a delivery needs its alert, its sink and its claim");
    }
  }

  /** The crossing, or null when this delivers an announcement. */
  public ThresholdCrossing crossing() {
    return alert instanceof ThresholdCrossing c ? c : null;
  }

  /** The announcement, or null when this delivers a threshold crossing. */
  public Announcement announcement() {
    return alert instanceof Announcement a ? a : null;
  }
}
