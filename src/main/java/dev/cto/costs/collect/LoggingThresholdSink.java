package dev.cto.costs.collect;

import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.domain.ThresholdLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each crossing as one WARN (warning) or ERROR (error) line. */
public final class LoggingThresholdSink implements ThresholdSink {

  private static final Logger LOG = LoggerFactory.getLogger("cost-threshold");

  @Override
  public void onCrossing(ThresholdCrossing c) {
    String message = String.format(
        "PR %s#%d crossed its %s threshold of %s: total is now %s",
        c.repository().isEmpty() ? "(no repository)" : c.repository(), c.prNumber(), c.level().wireName(),
        c.threshold(), c.total());
    if (c.level() == ThresholdLevel.ERROR) {
      LOG.error(message);
    } else {
      LOG.warn(message);
    }
  }
}
