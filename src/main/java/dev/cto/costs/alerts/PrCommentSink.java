package dev.cto.costs.alerts;

import dev.cto.costs.domain.ThresholdCrossing;

/** Announces a crossing on the PR itself: its cost comment is published at once, with the crossing. */
public final class PrCommentSink implements AlertSink {

  public static final String ID = "pr-comment";

  private final PrCommentScheduler scheduler;

  public PrCommentSink(PrCommentScheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void deliver(ThresholdCrossing crossing) throws Exception {
    scheduler.publishForCrossing(crossing);
  }
}
