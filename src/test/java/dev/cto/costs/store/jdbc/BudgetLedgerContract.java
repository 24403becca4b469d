package dev.cto.costs.store.jdbc;

import static dev.cto.costs.store.jdbc.Records.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.BudgetLedger;
import dev.cto.costs.store.BudgetLedger.Claim;
import dev.cto.costs.store.BudgetLedger.Decision;
import dev.cto.costs.store.BudgetLedger.Granted;
import dev.cto.costs.store.BudgetLedger.PrSpend;
import dev.cto.costs.store.BudgetLedger.Refused;
import dev.cto.costs.store.BudgetLedger.SpendScope;
import dev.cto.costs.store.UsageStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every backend's budget ledger must do, seen through the ports only; run on SQLite and PostgreSQL. */
abstract class BudgetLedgerContract<S extends UsageStore & BudgetLedger> {

  private static final String REPO = "5dlabs/cto";
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private static final Instant DAY_START = Instant.parse("2026-12-04T00:00:00Z");
  private static final Instant DAY_END = Instant.parse("2026-12-05T00:00:00Z");
  private static final Instant LATER = NOW.plusSeconds(3600);
  private static final boolean GROW = true;
  private static final boolean SHRINK = false;
  private static final SpendScope TODAY = new SpendScope(null, null, null, null, null, null, DAY_START, DAY_END);

  protected S store;

  protected abstract S newEmptyStore() throws Exception;

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

  private void spend(String id, String repo, Long pr, String agent, String model, long nanos, String at) {
    store.insert(List.of(usage(id, repo, pr, agent, "code", 1, model, 100, 10, nanos, at)));
  }

  private static Usd usd(String s) {
    return Usd.of(s);
  }

  @Test
  void eachScopeKeySumsOnlyItsRecordsAndTheKeysCombine() {
    spend("a", REPO, 1L, "rex", "claude-opus-4-5", 1_000, "2026-12-04T01:00:00Z");
    spend("b", REPO, 2L, "blaze", "Claude-Sonnet-4-5", 2_000, "2026-12-04T02:00:00Z");
    spend("c", "5dlabs/agents", 3L, "rex", "gpt-5", 4_000, "2026-12-04T03:00:00Z");
    spend("d", "other/repo", null, "cleo", "gpt_5x", 8_000, "2026-12-04T04:00:00Z");
    spend("e", REPO, 1L, "rex", "claude-opus-4-5", 16_000, "2026-12-03T23:59:59Z"); // the day before

    assertThat(store.spent(SpendScope.ALL).nanos()).isEqualTo(31_000);
    assertThat(store.spent(TODAY).nanos()).isEqualTo(15_000);
    assertThat(store.spent(new SpendScope(REPO, null, null, null, null, null, DAY_START, DAY_END)).nanos()).isEqualTo(3_000);
    assertThat(store.spent(new SpendScope(REPO, 1L, null, null, null, null, null, null)).nanos()).isEqualTo(17_000);
    assertThat(store.spent(new SpendScope(null, null, "rex", null, null, null, DAY_START, DAY_END)).nanos()).isEqualTo(5_000);
    // a team: its repositories OR its agents
    assertThat(store.spent(new SpendScope(null, null, null, Set.of("5dlabs/agents"), Set.of("cleo"), null, DAY_START, DAY_END))
        .nanos()).isEqualTo(12_000);
    assertThat(store.spent(new SpendScope(null, null, null, Set.of(), Set.of(), null, null, null)).nanos()).isZero();
    // model globs are case-insensitive, and _ is literal
    assertThat(store.spent(new SpendScope(null, null, null, null, null, "claude-%", DAY_START, DAY_END)).nanos()).isEqualTo(3_000);
    assertThat(store.spent(new SpendScope(null, null, null, null, null, "gpt\\_5%", null, null)).nanos()).isEqualTo(8_000);
    // AND
    assertThat(store.spent(new SpendScope(REPO, null, "rex", null, null, "claude-%", null, null)).nanos()).isEqualTo(17_000);
  }

  @Test
  void spendPerPrListsTheMostSpentFirstAndLeavesOutRecordsWithoutAPr() {
    spend("a", REPO, 1L, "rex", "m", 1_000, "2026-12-04T01:00:00Z");
    spend("b", REPO, 2L, "rex", "m", 5_000, "2026-12-04T01:00:00Z");
    spend("c", REPO, 1L, "rex", "m", 1_500, "2026-12-04T02:00:00Z");
    spend("d", REPO, null, "rex", "m", 9_000, "2026-12-04T02:00:00Z");

    assertThat(store.spentPerPr(TODAY, 0))
        .containsExactly(new PrSpend(REPO, 2, Usd.ofNanos(5_000)), new PrSpend(REPO, 1, Usd.ofNanos(2_500)));
    assertThat(store.spentPerPr(TODAY, 1)).hasSize(1);
    // every PR at or past a floor, uncapped, by repository and PR (the per-PR alerts' query)
    assertThat(store.prsSpentAtLeast(TODAY, Usd.ofNanos(2_500)))
        .containsExactly(new PrSpend(REPO, 1, Usd.ofNanos(2_500)), new PrSpend(REPO, 2, Usd.ofNanos(5_000)));
    assertThat(store.prsSpentAtLeast(TODAY, Usd.ofNanos(2_501))).containsExactly(new PrSpend(REPO, 2, Usd.ofNanos(5_000)));
  }

  @Test
  void reservationsFillTheBudgetExactlyWithoutFalseRefusals() {
    spend("a", REPO, 1L, "rex", "m", usd("4.00").nanos(), "2026-12-04T01:00:00Z");
    Claim claim = new Claim("daily|day:2026-12-04", TODAY, usd("10.00"));

    for (int i = 0; i < 6; i++) {
      assertThat(store.reserve("r" + i, List.of(claim), usd("1.00"), NOW, LATER)).isInstanceOf(Granted.class);
    }
    Decision over = store.reserve("r6", List.of(claim), Usd.ofNanos(1), NOW, LATER);

    assertThat(over).isEqualTo(new Refused(claim, usd("4.00"), usd("6.00")));
    assertThat(store.reserved("daily|", NOW)).containsEntry("daily|day:2026-12-04", usd("6.00"));
    assertThat(store.release("r3")).isTrue();
    assertThat(store.release("r3")).isFalse();
    assertThat(store.reserve("r7", List.of(claim), usd("1.00"), NOW, LATER)).isInstanceOf(Granted.class);
  }

  @Test
  void allClaimsHoldOrNothingIsReserved() {
    Claim roomy = new Claim("roomy|day:2026-12-04", TODAY, usd("100"));
    Claim tight = new Claim("tight|day:2026-12-04", TODAY, usd("1"));

    Decision d = store.reserve("r1", List.of(roomy, tight), usd("2"), NOW, LATER);

    assertThat(d).isInstanceOf(Refused.class);
    assertThat(((Refused) d).claim()).isEqualTo(tight);
    assertThat(store.reserved("roomy|", NOW)).isEmpty();
    assertThat(store.reserve("r2", List.of(roomy, tight), usd("1"), NOW, LATER)).isEqualTo(new Granted("r2"));
    assertThat(store.reserved("", NOW)).containsOnlyKeys(roomy.key(), tight.key());
  }

  @Test
  void aReservationIsReadBackWithItsKeysAmountRecordAndExpiryUntilReleased() {
    Claim roomy = new Claim("roomy|day:2026-12-04", TODAY, usd("100"));
    Claim tight = new Claim("tight|day:2026-12-04", TODAY, usd("10"));
    assertThat(store.reservation("r1")).isEmpty();
    store.reserve("r1", List.of(tight, roomy), usd("2.5"), NOW, LATER);

    assertThat(store.reservation("r1")).contains(new BudgetLedger.Held("r1",
        List.of("roomy|day:2026-12-04", "tight|day:2026-12-04"), usd("2.5"), null, LATER));
    store.settle("r1", usd("0.75"), "record-1", LATER.plusSeconds(60));
    assertThat(store.reservation("r1")).contains(new BudgetLedger.Held("r1",
        List.of("roomy|day:2026-12-04", "tight|day:2026-12-04"), usd("0.75"), "record-1", LATER.plusSeconds(60)));
    assertThat(store.release("r1")).isTrue();
    assertThat(store.reservation("r1")).isEmpty();
  }

  @Test
  void aSettledReservationCountsItsActualCostUntilItsRecordIsStoredThenTheRecordCounts() {
    Claim claim = new Claim("daily|day:2026-12-04", TODAY, usd("1.00"));
    store.reserve("r1", List.of(claim), usd("0.80"), NOW, LATER);

    assertThat(store.settle("r1", usd("0.30"), "rec-1", LATER)).isTrue();
    assertThat(store.reserved("daily|", NOW)).containsEntry(claim.key(), usd("0.30"));
    assertThat(store.reserve("r2", List.of(claim), usd("0.71"), NOW, LATER)).isInstanceOf(Refused.class);

    spend("rec-1", REPO, 1L, "rex", "m", usd("0.30").nanos(), "2026-12-04T11:59:00Z");

    assertThat(store.reserved("daily|", NOW)).isEmpty();
    assertThat(store.spent(TODAY)).isEqualTo(usd("0.30"));
    assertThat(store.reserve("r3", List.of(claim), usd("0.71"), NOW, LATER)).isInstanceOf(Refused.class);
    assertThat(store.reserve("r4", List.of(claim), usd("0.70"), NOW, LATER)).isInstanceOf(Granted.class);
    assertThat(store.purgeReservations(NOW)).isEqualTo(1); // r1: its record is stored
    assertThat(store.settle("r1", usd("0.30"), "rec-1", LATER)).isFalse();
  }

  /**
   * A lease grows only while spend, the others' reservations and its new size fit the limit (its
   * own old size not counted against it), shrinks unconditionally, and reports what it saw.
   */
  @Test
  void aLeaseGrowsWithinTheLimitShrinksAlwaysAndDoesNotCountItselfTwice() {
    spend("a", REPO, 1L, "rex", "m", usd("4.00").nanos(), "2026-12-04T01:00:00Z");
    Claim claim = new Claim("daily|day:2026-12-04", TODAY, usd("10.00"));
    store.reserve("other-call", List.of(claim), usd("1.00"), NOW, LATER);

    assertThat(store.lease("lease-1", claim, usd("3.00"), GROW, NOW, LATER))
        .isEqualTo(new BudgetLedger.Lease(true, usd("4.00"), usd("1.00")));
    // growing to 5: 4 spent + 1 other + 5 = 10, the limit exactly; its own 3 are not counted again
    assertThat(store.lease("lease-1", claim, usd("5.00"), GROW, NOW, LATER).granted()).isTrue();
    assertThat(store.reserved("daily|", NOW)).containsEntry(claim.key(), usd("6.00"));
    assertThat(store.lease("lease-1", claim, usd("5.000000001"), GROW, NOW, LATER))
        .isEqualTo(new BudgetLedger.Lease(false, usd("4.00"), usd("1.00")));
    assertThat(store.reserved("daily|", NOW)).as("a refused growth leaves the lease as it was")
        .containsEntry(claim.key(), usd("6.00"));
    assertThat(store.reserve("r2", List.of(claim), Usd.ofNanos(1), NOW, LATER)).isInstanceOf(Refused.class);

    // another replica's lease sees this one as reserved
    assertThat(store.lease("lease-2", claim, usd("0.01"), GROW, NOW, LATER))
        .isEqualTo(new BudgetLedger.Lease(false, usd("4.00"), usd("6.00")));
    assertThat(store.lease("lease-1", claim, usd("2.00"), SHRINK, NOW, LATER).granted()).as("shrinking").isTrue();
    assertThat(store.lease("lease-2", claim, usd("3.00"), GROW, NOW, LATER).granted()).isTrue();
    assertThat(store.reserved("daily|", NOW)).containsEntry(claim.key(), usd("6.00"));

    // over the limit (a lowered limit): shrinking and renewing still work
    Claim lowered = new Claim(claim.key(), TODAY, usd("5.00"));
    assertThat(store.lease("lease-2", lowered, usd("3.00"), SHRINK, NOW, LATER.plusSeconds(60)).granted()).isTrue();
    assertThat(store.lease("lease-2", lowered, usd("3.00"), GROW, NOW, LATER).granted()).as("judged whole").isFalse();
    assertThat(store.lease("lease-2", lowered, usd("1.00"), SHRINK, NOW, LATER).granted()).isTrue();
    assertThat(store.release("lease-1")).isTrue();
    assertThat(store.reserved("daily|", NOW)).containsEntry(claim.key(), usd("2.00"));
  }

  /**
   * The holder lowers what it may use of a lease as its calls' records are stored; growing back to
   * less than the lease's old size must still fit beside the spend those records added.
   */
  @Test
  void aGrowthIsJudgedWholeEvenBelowTheLeasesOldSize() {
    Claim claim = new Claim("daily|day:2026-12-04", TODAY, usd("10.00"));
    assertThat(store.lease("lease-1", claim, usd("6.00"), GROW, NOW, LATER).granted()).isTrue();
    spend("a", REPO, 1L, "rex", "m", usd("5.00").nanos(), "2026-12-04T01:00:00Z"); // five of the six were spent

    assertThat(store.lease("lease-1", claim, usd("5.01"), GROW, NOW, LATER))
        .isEqualTo(new BudgetLedger.Lease(false, usd("5.00"), Usd.ZERO));
    assertThat(store.lease("lease-1", claim, usd("5.00"), GROW, NOW, LATER).granted()).isTrue();
  }

  @Test
  void anExpiredLeaseCountsForNothingAndIsCreatedAgainWhenGrown() {
    Claim claim = new Claim("daily|day:2026-12-04", TODAY, usd("1.00"));
    Instant soon = NOW.plusSeconds(60);
    assertThat(store.lease("lease-1", claim, usd("1.00"), GROW, NOW, soon).granted()).isTrue();
    assertThat(store.lease("lease-2", claim, usd("0.01"), GROW, NOW, LATER).granted()).isFalse();

    Instant after = soon.plusMillis(1);
    assertThat(store.lease("lease-2", claim, usd("0.60"), GROW, after, LATER).granted()).isTrue();
    // the dead lease's old amount does not count as its own: growing it again is judged afresh
    assertThat(store.lease("lease-1", claim, usd("0.41"), GROW, after, LATER))
        .isEqualTo(new BudgetLedger.Lease(false, Usd.ZERO, usd("0.60")));
    assertThat(store.lease("lease-1", claim, usd("0.40"), GROW, after, LATER).granted()).isTrue();
  }

  @Test
  void anExpiredReservationNoLongerCountsAndIsPurged() {
    Claim claim = new Claim("daily|day:2026-12-04", TODAY, usd("1.00"));
    Instant soon = NOW.plusSeconds(60);
    assertThat(store.reserve("dead-call", List.of(claim), usd("1.00"), NOW, soon)).isInstanceOf(Granted.class);
    assertThat(store.reserve("r2", List.of(claim), usd("0.01"), NOW.plusSeconds(59), LATER)).isInstanceOf(Refused.class);

    Instant after = soon.plusMillis(1);
    assertThat(store.reserved("daily|", after)).isEmpty();
    assertThat(store.reserve("r3", List.of(claim), usd("1.00"), after, LATER)).isInstanceOf(Granted.class);
    assertThat(store.purgeReservations(after)).isEqualTo(1);
    assertThat(store.release("dead-call")).isFalse();
  }

  /**
   * 16 threads race to spend one budget: each reserves the worst case, stores a record of the
   * actual cost (at most the reservation) and settles, in either order, or releases. Spend never
   * passes the limit, and once they stop, the budget is used to within one call, with the last
   * nano-dollars still grantable.
   */
  @Test
  void concurrentReserveAndSettleNeverSpendPastTheLimit() throws Exception {
    Usd limit = usd("1.00");
    Claim claim = new Claim("race|day:2026-12-04", TODAY, limit);
    long maxCall = usd("0.05").nanos();
    AtomicInteger ids = new AtomicInteger();
    AtomicLong granted = new AtomicLong();
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          for (int attempt = 0, refusals = 0; attempt < 40 && refusals < 3; attempt++) {
            String id = "call-" + ids.incrementAndGet();
            long worst = random.nextLong(maxCall / 5, maxCall + 1);
            Decision d = store.reserve(id, List.of(claim), Usd.ofNanos(worst), NOW, LATER);
            if (d instanceof Refused) {
              refusals++;
              continue;
            }
            granted.incrementAndGet();
            if (random.nextInt(10) == 0) {
              store.release(id); // the call failed
              continue;
            }
            long actual = random.nextLong(worst / 2, worst + 1);
            if (random.nextBoolean()) {
              store.settle(id, Usd.ofNanos(actual), id, LATER);
              spend(id, REPO, 7L, "rex", "m", actual, "2026-12-04T11:00:00Z");
            } else {
              spend(id, REPO, 7L, "rex", "m", actual, "2026-12-04T11:00:00Z");
              store.settle(id, Usd.ofNanos(actual), id, LATER);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    Usd spent = store.spent(TODAY);
    assertThat(granted.get()).isGreaterThan(10);
    assertThat(spent).isLessThanOrEqualTo(limit);
    assertThat(store.reserved("race|", NOW)).isEmpty();
    Usd room = limit.minus(spent);
    assertThat(room.nanos()).isLessThan(maxCall * 3); // every thread stopped after refusals near the limit
    assertThat(store.reserve("last", List.of(claim), room.plus(Usd.ofNanos(1)), NOW, LATER)).isInstanceOf(Refused.class);
    assertThat(store.reserve("last", List.of(claim), room, NOW, LATER)).isInstanceOf(Granted.class);
  }
}
