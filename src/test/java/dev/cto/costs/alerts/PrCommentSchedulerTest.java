package dev.cto.costs.alerts;

import dev.cto.costs.budget.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cto.costs.collect.ThresholdMonitor.PrRef;
import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.domain.ThresholdLevel;
import dev.cto.costs.domain.Usd;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Comment timing with a hand-moved clock: immediate on a crossing, else at most once per interval. */
class PrCommentSchedulerTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final PrRef PR = new PrRef("5dlabs/cto", 123);
  private static final Duration INTERVAL = Duration.ofMinutes(5);

  private final MutableClock clock = new MutableClock(T0);
  private final RecordingCommentPort port = new RecordingCommentPort(clock);
  private final AtomicBoolean postToPr = new AtomicBoolean(true);
  private final PrCommentScheduler scheduler = new PrCommentScheduler(port, postToPr::get, () -> INTERVAL, clock, 3);

  private List<Instant> publishTimes() {
    return port.published.stream().map(RecordingCommentPort.Published::at).toList();
  }

  @Test
  void theFirstUsageIsPublishedAtOnceAndLaterOnesCoalesceIntoOneUpdatePerInterval() {
    scheduler.onUsage(List.of(PR));
    scheduler.publishDue();
    assertThat(publishTimes()).containsExactly(T0);

    for (int i = 0; i < 10; i++) { // usage keeps arriving for 4 minutes
      clock.advance(Duration.ofSeconds(24));
      scheduler.onUsage(List.of(PR));
      scheduler.publishDue();
    }
    assertThat(publishTimes()).containsExactly(T0);

    clock.advance(Duration.ofSeconds(59)); // 4m59s after the first
    scheduler.publishDue();
    assertThat(publishTimes()).hasSize(1);
    clock.advance(Duration.ofSeconds(1)); // 5m: one update for the ten batches
    scheduler.publishDue();
    assertThat(publishTimes()).containsExactly(T0, T0.plus(INTERVAL));
    assertThat(port.published).allMatch(p -> p.crossing() == null && p.pr() == 123 && p.repository().equals("5dlabs/cto"));

    clock.advance(Duration.ofHours(1)); // no usage: nothing to publish
    scheduler.publishDue();
    assertThat(publishTimes()).hasSize(2);
  }

  @Test
  void aCrossingIsPublishedImmediatelyInsideTheIntervalAndAbsorbsPendingUsage() throws Exception {
    scheduler.onUsage(List.of(PR));
    scheduler.publishDue();
    clock.advance(Duration.ofSeconds(30));
    scheduler.onUsage(List.of(PR));
    ThresholdCrossing crossing = new ThresholdCrossing("5dlabs/cto", 123, ThresholdLevel.WARNING, Usd.of("5"), Usd.of("5.5"), clock.instant());

    scheduler.publishForCrossing(crossing);

    assertThat(port.published).hasSize(2);
    assertThat(port.published.get(1).crossing()).isEqualTo(crossing);
    assertThat(port.published.get(1).at()).isEqualTo(T0.plusSeconds(30));
    clock.advance(INTERVAL);
    scheduler.publishDue();
    assertThat(port.published).as("the crossing's comment already had that usage").hasSize(2);
  }

  @Test
  void differentPrsAreIndependentAndTheWaitingSetIsBounded() {
    scheduler.onUsage(List.of(new PrRef("o/r", 1), new PrRef("o/r", 2), new PrRef("o/r", 3), new PrRef("o/r", 4)));
    assertThat(scheduler.pending()).isEqualTo(3);
    assertThat(scheduler.dropped()).isEqualTo(1);
    scheduler.publishDue();
    assertThat(port.published).extracting(RecordingCommentPort.Published::pr).containsExactlyInAnyOrder(1L, 2L, 3L);
  }

  @Test
  void aFailedUpdateIsRetriedAfterTheIntervalAndAFailedCrossingPublishThrowsForTheOutbox() {
    port.failNext.set(1);
    scheduler.onUsage(List.of(PR));
    scheduler.publishDue();
    assertThat(port.published).isEmpty();
    assertThat(scheduler.pending()).isEqualTo(1);
    clock.advance(INTERVAL);
    scheduler.publishDue();
    assertThat(publishTimes()).containsExactly(T0.plus(INTERVAL));

    port.failNext.set(1);
    ThresholdCrossing crossing = new ThresholdCrossing("5dlabs/cto", 123, ThresholdLevel.ERROR, Usd.of("20"), Usd.of("21"), clock.instant());
    assertThatThrownBy(() -> scheduler.publishForCrossing(crossing)).hasMessageContaining("502");
  }

  @Test
  void withPostToPrOffNothingIsPublished() {
    postToPr.set(false);
    scheduler.onUsage(List.of(PR));
    scheduler.publishDue();
    assertThat(port.published).isEmpty();
    assertThat(scheduler.pending()).isZero();
  }
}
