package dev.cto.costs.store.jdbc;

import dev.cto.costs.store.UsageStore;
import dev.cto.costs.store.AlertOutbox;
import dev.cto.costs.store.Announcements;
import dev.cto.costs.domain.Announcement;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.domain.ThresholdLevel;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.AlertDelivery;
import dev.cto.costs.store.AlertOutbox.DeliveryState;
import dev.cto.costs.store.AlertOutbox.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every backend's alert outbox (crossings and announcements) must do; run against SQLite and PostgreSQL. */
abstract class AlertOutboxContract<S extends UsageStore & AlertOutbox & Announcements> {

  private static final String REPO = "5dlabs/cto";
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(2);

  protected S store;

  protected abstract S newEmptyStore() throws Exception;

  /** A second store on the same database, as another replica would open it. */
  protected abstract S anotherStoreOnTheSameDatabase() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = newEmptyStore();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  private static ThresholdCrossing crossing(long pr, ThresholdLevel level) {
    return new ThresholdCrossing(REPO, pr, level, Usd.of("5"), Usd.of("5.25"), T0);
  }

  @Test
  void aRecordedCrossingBecomesOneDeliveryPerSinkOnce() {
    store.recordCrossing(crossing(1, ThresholdLevel.WARNING));

    assertThat(store.fanOut(List.of("webhook:a", "pr-comment"), T0)).isEqualTo(2);
    assertThat(store.fanOut(List.of("webhook:a", "pr-comment"), T0)).isZero();

    List<AlertDelivery> claimed = store.claimDue(List.of("webhook:a", "pr-comment"), T0, T0.plus(LEASE), 10);
    assertThat(claimed).extracting(AlertDelivery::sink).containsExactlyInAnyOrder("webhook:a", "pr-comment");
    AlertDelivery d = claimed.get(0);
    assertThat(d.crossing().total()).isEqualTo(Usd.of("5.25"));
    assertThat(d.crossing().threshold()).isEqualTo(Usd.of("5"));
    assertThat(d.crossing().crossedAt()).isEqualTo(T0);
    assertThat(d.attempts()).isEqualTo(1);
  }

  @Test
  void withoutSinksCrossingsAreHandledAndLaterSinksDoNotReceiveThem() {
    store.recordCrossing(crossing(1, ThresholdLevel.WARNING));
    assertThat(store.fanOut(List.of(), T0)).isZero();
    assertThat(store.fanOut(List.of("webhook:new"), T0)).isZero();
    assertThat(store.claimDue(List.of("webhook:new"), T0, T0.plus(LEASE), 10)).isEmpty();
  }

  @Test
  void aClaimedDeliveryIsNotHandedOutAgainUntilItsClaimExpires() {
    store.recordCrossing(crossing(1, ThresholdLevel.ERROR));
    store.fanOut(List.of("s"), T0);

    assertThat(store.claimDue(List.of("s"), T0, T0.plus(LEASE), 10)).hasSize(1);
    assertThat(store.claimDue(List.of("s"), T0.plusSeconds(60), T0.plusSeconds(60).plus(LEASE), 10)).isEmpty();
    // the claimer died: after the lease another process may take it, as a second attempt
    List<AlertDelivery> retaken = store.claimDue(List.of("s"), T0.plus(LEASE), T0.plus(LEASE).plus(LEASE), 10);
    assertThat(retaken).singleElement().extracting(AlertDelivery::attempts).isEqualTo(2);
  }

  @Test
  void aDeliveredDeliveryIsNeverClaimedAgainAndAStaleClaimCannotSettleIt() {
    store.recordCrossing(crossing(1, ThresholdLevel.WARNING));
    store.fanOut(List.of("s"), T0);
    AlertDelivery first = store.claimDue(List.of("s"), T0, T0.plus(LEASE), 10).get(0);
    AlertDelivery second = store.claimDue(List.of("s"), T0.plus(LEASE), T0.plus(LEASE).plus(LEASE), 10).get(0);

    assertThat(store.markDelivered(first, T0.plusSeconds(1))).as("the expired claim lost").isFalse();
    assertThat(store.markDelivered(second, T0.plus(LEASE))).isTrue();
    assertThat(store.markFailed(second, "late", T0)).isFalse();

    Instant later = T0.plus(Duration.ofDays(1));
    assertThat(store.claimDue(List.of("s"), later, later.plus(LEASE), 10)).isEmpty();
    assertThat(store.deliveries(REPO, 1)).containsExactly(new DeliveryState("s", Status.DELIVERED, 2, null));
  }

  @Test
  void aFailedAttemptIsRetriedWhenDueAndCanBeGivenUp() {
    store.recordCrossing(crossing(7, ThresholdLevel.WARNING));
    store.fanOut(List.of("s"), T0);
    AlertDelivery d = store.claimDue(List.of("s"), T0, T0.plus(LEASE), 10).get(0);

    assertThat(store.markFailed(d, "HTTP 500", T0.plusSeconds(30))).isTrue();
    assertThat(store.claimDue(List.of("s"), T0.plusSeconds(29), T0.plus(LEASE), 10)).isEmpty();
    AlertDelivery retry = store.claimDue(List.of("s"), T0.plusSeconds(30), T0.plus(LEASE), 10).get(0);
    assertThat(retry.attempts()).isEqualTo(2);

    assertThat(store.markFailed(retry, "HTTP 404", null)).isTrue();
    assertThat(store.claimDue(List.of("s"), T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(2)), 10)).isEmpty();
    assertThat(store.deliveries(REPO, 7)).containsExactly(new DeliveryState("s", Status.FAILED, 2, "HTTP 404"));
  }

  @Test
  void onlyTheSinksAskedForAreClaimedAndTheLimitHolds() {
    for (long pr = 1; pr <= 3; pr++) {
      store.recordCrossing(crossing(pr, ThresholdLevel.WARNING));
    }
    store.fanOut(List.of("a", "b"), T0);

    assertThat(store.claimDue(List.of("b"), T0, T0.plus(LEASE), 2)).hasSize(2).allMatch(d -> d.sink().equals("b"));
    assertThat(store.claimDue(List.of("b"), T0, T0.plus(LEASE), 10)).hasSize(1);
    assertThat(store.claimDue(List.of("a"), T0, T0.plus(LEASE), 10)).hasSize(3);
  }

  @Test
  void twoStoresOnOneDatabaseNeverClaimTheSameDelivery() throws Exception {
    for (long pr = 1; pr <= 20; pr++) {
      store.recordCrossing(crossing(pr, ThresholdLevel.WARNING));
    }
    store.fanOut(List.of("s"), T0);
    try (S other = anotherStoreOnTheSameDatabase()) {
      List<AlertDelivery> a = new java.util.concurrent.CopyOnWriteArrayList<>();
      List<AlertDelivery> b = new java.util.concurrent.CopyOnWriteArrayList<>();
      Thread ta = new Thread(() -> { for (int i = 0; i < 20; i++) a.addAll(store.claimDue(List.of("s"), T0, T0.plus(LEASE), 1)); });
      Thread tb = new Thread(() -> { for (int i = 0; i < 20; i++) b.addAll(other.claimDue(List.of("s"), T0, T0.plus(LEASE), 1)); });
      ta.start();
      tb.start();
      ta.join(30_000);
      tb.join(30_000);
      List<Long> prs = new java.util.ArrayList<>();
      a.forEach(d -> prs.add(d.crossing().prNumber()));
      b.forEach(d -> prs.add(d.crossing().prNumber()));
      assertThat(prs).doesNotHaveDuplicates().hasSize(20);
    }
  }

  private static Announcement anomaly(String subject, Instant at) {
    return new Announcement("cost_anomaly", subject, "Cost anomaly (PR cost): rex spent $9.00 on " + subject,
        "{\"event\":\"cost_anomaly\",\"subject\":\"" + subject + "\",\"value\":9.000000001}", at);
  }

  @Test
  void anAnnouncementIsRecordedOnceAndDeliveredOncePerSinkWithItsDocumentIntact() {
    Announcement first = anomaly("pr_cost:5dlabs/cto#7:rex", T0);

    assertThat(store.announce(first)).isTrue();
    assertThat(store.announce(anomaly("pr_cost:5dlabs/cto#7:rex", T0.plusSeconds(60)))).isFalse();
    assertThat(store.fanOut(List.of("webhook:a", "pr-comment"), T0)).isEqualTo(2);
    assertThat(store.fanOut(List.of("webhook:a", "pr-comment"), T0)).isZero();

    List<AlertDelivery> claimed = store.claimDue(List.of("webhook:a", "pr-comment"), T0, T0.plus(LEASE), 10);
    assertThat(claimed).hasSize(2).allMatch(d -> d.crossing() == null && d.attempts() == 1);
    assertThat(claimed.get(0).announcement()).isEqualTo(first);
    claimed.forEach(d -> assertThat(store.markDelivered(d, T0)).isTrue());
    assertThat(store.claimDue(List.of("webhook:a", "pr-comment"), T0.plus(LEASE.multipliedBy(2)),
        T0.plus(LEASE.multipliedBy(3)), 10)).isEmpty();
    assertThat(store.announcementDeliveries("cost_anomaly", first.subject()))
        .extracting(DeliveryState::sink, DeliveryState::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("pr-comment", Status.DELIVERED),
            org.assertj.core.groups.Tuple.tuple("webhook:a", Status.DELIVERED));
    assertThat(store.announcements(null, 10)).containsExactly(first);
  }

  @Test
  void crossingsAndAnnouncementsShareTheClaimLimitAndFailLikeEachOther() {
    store.recordCrossing(crossing(1, ThresholdLevel.WARNING));
    store.announce(anomaly("daily_spend:2026-11-22", T0));
    store.announce(anomaly("iteration_loop:5dlabs/cto#8:cleo", T0.plusSeconds(1)));
    store.fanOut(List.of("s"), T0);

    List<AlertDelivery> two = store.claimDue(List.of("s"), T0, T0.plus(LEASE), 2);
    assertThat(two).hasSize(2);
    assertThat(two.get(0).crossing()).isNotNull(); // crossings first
    assertThat(two.get(1).announcement().subject()).isEqualTo("daily_spend:2026-11-22");
    AlertDelivery announced = two.get(1);
    assertThat(store.markFailed(announced, "HTTP 500", T0.plusSeconds(30))).isTrue();
    assertThat(store.announcementDeliveries("cost_anomaly", "daily_spend:2026-11-22"))
        .containsExactly(new DeliveryState("s", Status.PENDING, 1, "HTTP 500"));

    List<AlertDelivery> rest = store.claimDue(List.of("s"), T0.plusSeconds(31), T0.plusSeconds(31).plus(LEASE), 10);
    assertThat(rest).extracting(d -> d.announcement().subject())
        .containsExactlyInAnyOrder("daily_spend:2026-11-22", "iteration_loop:5dlabs/cto#8:cleo");
    AlertDelivery retried = rest.stream().filter(d -> d.announcement().subject().startsWith("daily")).findFirst().orElseThrow();
    assertThat(retried.attempts()).isEqualTo(2);
    assertThat(store.markFailed(retried, "HTTP 500 again", null)).isTrue();
    assertThat(store.announcementDeliveries("cost_anomaly", "daily_spend:2026-11-22"))
        .containsExactly(new DeliveryState("s", Status.FAILED, 2, "HTTP 500 again"));
    assertThat(store.announcements("cost_anomaly", 1)).extracting(Announcement::subject)
        .containsExactly("iteration_loop:5dlabs/cto#8:cleo"); // newest first
    assertThat(store.announcements("budget_alert", 10)).isEmpty();
  }

  @Test
  void anotherReplicaSeesAnAnnouncementAsKnown() throws Exception {
    assertThat(store.announce(anomaly("daily_spend:2026-11-22", T0))).isTrue();
    try (S other = anotherStoreOnTheSameDatabase()) {
      assertThat(other.announce(anomaly("daily_spend:2026-11-22", T0.plusSeconds(5)))).isFalse();
      assertThat(other.announce(anomaly("daily_spend:2026-11-23", T0.plusSeconds(5)))).isTrue();
    }
    assertThat(store.fanOut(List.of("s"), T0)).isEqualTo(2);
  }

  @Test
  void recentCrossingsListEveryPrNewestFirstWithEachCrossingsOwnDeliveries() {
    store.recordCrossing(new ThresholdCrossing(REPO, 1, ThresholdLevel.WARNING, Usd.of("2"), Usd.of("2.5"), T0));
    store.fanOut(List.of("webhook:a", "pr-comment"), T0);
    store.recordCrossing(new ThresholdCrossing(REPO, 1, ThresholdLevel.ERROR, Usd.of("5"), Usd.of("5.25"), T0.plusSeconds(60)));
    store.recordCrossing(new ThresholdCrossing("acme/api", 9, ThresholdLevel.WARNING, Usd.of("2"), Usd.of("3"), T0.plusSeconds(120)));
    store.recordCrossing(new ThresholdCrossing("", 4, ThresholdLevel.WARNING, Usd.of("2"), Usd.of("2.1"), T0.minusSeconds(3600)));
    store.fanOut(List.of("webhook:a"), T0.plusSeconds(120));
    // webhook:a delivered the first crossing; pr-comment failed on it and gave up
    for (AlertDelivery d : store.claimDue(List.of("webhook:a", "pr-comment"), T0, T0.plus(LEASE), 10)) {
      if (d.crossing().prNumber() == 1 && d.crossing().level() == ThresholdLevel.WARNING) {
        if (d.sink().equals("webhook:a")) {
          store.markDelivered(d, T0);
        } else {
          store.markFailed(d, "HTTP 403", null);
        }
      }
    }

    List<AlertOutbox.CrossingAlert> all = store.recentCrossings(null, null, null, 10);
    assertThat(all).extracting(a -> a.crossing().repository() + "#" + a.crossing().prNumber() + ":" + a.crossing().level().wireName())
        .containsExactly("acme/api#9:warning", REPO + "#1:error", REPO + "#1:warning", "#4:warning");
    assertThat(all.get(1).crossing().total()).isEqualTo(Usd.of("5.25"));
    assertThat(all.get(1).crossing().crossedAt()).isEqualTo(T0.plusSeconds(60));
    // each crossing has its own deliveries, not its PR's: the error one is still waiting
    assertThat(all.get(1).deliveries()).extracting(DeliveryState::sink, DeliveryState::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("webhook:a", Status.PENDING));
    assertThat(all.get(2).deliveries()).containsExactly(new DeliveryState("pr-comment", Status.FAILED, 1, "HTTP 403"),
        new DeliveryState("webhook:a", Status.DELIVERED, 1, null));

    assertThat(store.recentCrossings(null, null, null, 2)).hasSize(2);
    assertThat(store.recentCrossings(REPO, null, null, 10)).hasSize(2).allMatch(a -> a.crossing().repository().equals(REPO));
    assertThat(store.recentCrossings("", null, null, 10)).singleElement().matches(a -> a.crossing().prNumber() == 4);
    // [from, until): the bounds are inclusive and exclusive
    assertThat(store.recentCrossings(null, T0, T0.plusSeconds(120), 10)).extracting(a -> a.crossing().crossedAt())
        .containsExactly(T0.plusSeconds(60), T0);
  }

  @Test
  void announcementsCanBeReadForARangeNewestFirst() {
    store.announce(anomaly("daily_spend:2026-11-21", T0.minusSeconds(86_400)));
    store.announce(anomaly("daily_spend:2026-11-22", T0));
    store.announce(anomaly("daily_spend:2026-11-23", T0.plusSeconds(86_400)));

    assertThat(store.announcements(null, T0, T0.plusSeconds(86_400), 10)).extracting(Announcement::subject)
        .containsExactly("daily_spend:2026-11-22");
    assertThat(store.announcements("cost_anomaly", T0, null, 10)).extracting(Announcement::subject)
        .containsExactly("daily_spend:2026-11-23", "daily_spend:2026-11-22");
    assertThat(store.announcements(null, null, T0, 10)).extracting(Announcement::subject)
        .containsExactly("daily_spend:2026-11-21");
    assertThat(store.announcements("budget_threshold", null, null, 10)).isEmpty();
  }
}
