package dev.cto.costs.store;

import dev.cto.costs.domain.ThresholdCrossing;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The durable outbox of threshold alerts. {@link UsageStore#recordCrossing} marks a new crossing as
 * waiting for alerts in its own transaction; {@link #fanOut} turns waiting crossings into one
 * delivery per sink; a dispatcher claims due deliveries (one process wins each claim), delivers
 * them and settles them. A delivery marked delivered is never handed out again.
 */
public interface AlertOutbox {

  /** A delivery's state. */
  enum Status { PENDING, DELIVERED, FAILED }

  /** A delivery's state, for inspection and tests. */
  record DeliveryState(String sink, Status status, int attempts, String lastError) {}

  /**
   * Creates a pending delivery, due at {@code now}, for every crossing waiting for alerts and every
   * sink given, and marks those crossings as handled (with no sinks: handled, nothing to send).
   *
   * @return the deliveries created
   */
  int fanOut(Collection<String> sinks, Instant now);

  /**
   * Claims up to {@code limit} pending deliveries of these sinks that are due and not claimed by a
   * live claim, until {@code claimUntil}. Counts an attempt for each.
   */
  List<AlertDelivery> claimDue(Collection<String> sinks, Instant now, Instant claimUntil, int limit);

  /** Marks a claimed delivery delivered; false when the claim was lost (it expired and was taken). */
  boolean markDelivered(AlertDelivery delivery, Instant at);

  /**
   * Records a failed attempt: due again at {@code retryAt}, or given up for good when it is null.
   * False when the claim was lost.
   */
  boolean markFailed(AlertDelivery delivery, String error, Instant retryAt);

  /** The deliveries of a PR's crossings, for inspection. */
  List<DeliveryState> deliveries(String repository, long prNumber);

  /** A crossing with its deliveries, one per sink it was queued for (none: no sink was configured). */
  record CrossingAlert(ThresholdCrossing crossing, List<DeliveryState> deliveries) {

    public CrossingAlert {
      deliveries = List.copyOf(deliveries);
    }
  }

  /**
   * The crossings recorded in {@code [from, until)} across PRs, newest first, at most {@code limit},
   * each with its deliveries by sink: the dashboard's alerts page and {@code GET /v1/alerts}.
   *
   * @param repository one repository's crossings ({@code ""} for PRs without one), or null for all
   * @param from inclusive, or null for no lower bound
   * @param until exclusive, or null for no upper bound
   */
  List<CrossingAlert> recentCrossings(String repository, Instant from, Instant until, int limit);
}
