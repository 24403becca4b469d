package dev.cto.costs.alerts;

import dev.cto.costs.domain.Announcement;
import dev.cto.costs.domain.ThresholdCrossing;

/** A place that must hear of every alert once, delivered through the outbox. */
public interface AlertSink {

  /**
   * The sink's stable id, the outbox key: the same sink keeps its id across restarts and replicas.
   * Safe to log (never contains a secret).
   */
  String id();

  /** Delivers one crossing; any exception is a failed attempt, retried later. */
  void deliver(ThresholdCrossing crossing) throws Exception;

  /**
   * Delivers one announcement (a cost anomaly, a budget alert); any exception is a failed attempt,
   * retried later. A sink with nothing to say about announcements keeps this default, which
   * settles them as delivered: the PR comment shows costs, not events.
   */
  default void announce(Announcement announcement) throws Exception {}
}
