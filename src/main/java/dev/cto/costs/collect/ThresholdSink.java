package dev.cto.costs.collect;

import dev.cto.costs.domain.ThresholdCrossing;

/**
 * Where threshold crossings are announced (log, metric, PR comment, webhook). Called once per
 * crossing, off the ingest path; an exception is logged and does not affect other sinks.
 */
@FunctionalInterface
public interface ThresholdSink {
  void onCrossing(ThresholdCrossing crossing);
}
