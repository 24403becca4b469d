package dev.cto.costs.alerts;

import dev.cto.costs.domain.ThresholdCrossing;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A PR comment port that records every publish (and can be told to fail the next ones). */
final class RecordingCommentPort implements PrCommentPort {

  record Published(String repository, long pr, ThresholdCrossing crossing, Instant at) {}

  private final Clock clock;
  final List<Published> published = new CopyOnWriteArrayList<>();
  final AtomicInteger failNext = new AtomicInteger();

  RecordingCommentPort(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void publish(String repository, long pr, ThresholdCrossing crossing) throws Exception {
    if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new java.io.IOException("GitHub answered 502");
    }
    published.add(new Published(repository, pr, crossing, clock.instant()));
  }
}
