package dev.cto.costs.alerts;

import java.time.Duration;
import java.util.List;

/**
 * The alert part of the cost config, as one snapshot (a reload swaps it whole).
 *
 * @param postToPr whether PR cost comments are published ({@code post_to_pr})
 * @param commentMinInterval the least time between two routine updates of one PR's comment
 */
public record AlertSettings(List<WebhookTarget> webhooks, boolean postToPr, Duration commentMinInterval) {

  public static final Duration DEFAULT_COMMENT_INTERVAL = Duration.ofMinutes(5);
  public static final AlertSettings NONE = new AlertSettings(List.of(), false, DEFAULT_COMMENT_INTERVAL);

  public AlertSettings {
    webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
    commentMinInterval = commentMinInterval == null ? DEFAULT_COMMENT_INTERVAL : commentMinInterval;
  }
}
