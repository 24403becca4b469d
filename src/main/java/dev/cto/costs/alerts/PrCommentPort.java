package dev.cto.costs.alerts;

import dev.cto.costs.domain.ThresholdCrossing;

/**
 * Publishes (creates or updates) a PR's cost comment. The GitHub publisher implements it; the
 * composition root passes it in as a lambda, so this package does not know GitHub.
 */
@FunctionalInterface
public interface PrCommentPort {

  /**
   * @param crossing the crossing that triggered this update, or null for a routine refresh
   * @throws Exception when the comment could not be published (the caller retries)
   */
  void publish(String repository, long pr, ThresholdCrossing crossing) throws Exception;
}
