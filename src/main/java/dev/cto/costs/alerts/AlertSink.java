package dev.cto.costs.alerts;

import dev.cto.costs.domain.ThresholdCrossing;

/** A place that must hear of every threshold crossing once, delivered through the outbox. */
public interface AlertSink {

  /**
   * The sink's stable id, the outbox key: the same sink keeps its id across restarts and replicas.
   * Safe to log (never contains a secret).
   */
  String id();

  /** Delivers one crossing; any exception is a failed attempt, retried later. */
  void deliver(ThresholdCrossing crossing) throws Exception;
}
