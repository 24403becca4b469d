package dev.cto.costs.store.jdbc;

import static dev.cto.costs.store.jdbc.Records.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cto.costs.domain.PrOutcome;
import dev.cto.costs.domain.PrOutcome.State;
import dev.cto.costs.store.PrOutcomes;
import dev.cto.costs.store.PrOutcomes.PrKey;
import dev.cto.costs.store.StoreException;
import dev.cto.costs.store.UsageFilter;
import dev.cto.costs.store.UsageStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every backend's PR outcomes must do, seen through the ports only; run on SQLite and PostgreSQL. */
abstract class PrOutcomesContract<S extends UsageStore & PrOutcomes> {

  private static final String REPO = "5dlabs/cto";
  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  private static final Instant SYNCED = Instant.parse("2026-11-25T08:00:00Z");

  protected S store;

  protected abstract S newEmptyStore() throws Exception;

  /** Makes the database itself refuse an outcome of this PR number (a trigger or a CHECK). */
  protected abstract void refuseOutcomeInTheDatabase(long prNumber) throws Exception;

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

  private static PrOutcome open(String repo, long pr, Instant updated) {
    return new PrOutcome(repo, pr, State.OPEN, null, null, 10, 2, updated, SYNCED);
  }

  private static PrOutcome merged(String repo, long pr, Instant updated) {
    return new PrOutcome(repo, pr, State.MERGED, updated, updated, 120, 30, updated, SYNCED);
  }

  private static PrOutcome closed(String repo, long pr, Instant closedAt) {
    return new PrOutcome(repo, pr, State.CLOSED, null, closedAt, 5, 5, closedAt, SYNCED);
  }

  private void usageOn(String id, String repo, Long pr, String agent, String at) {
    store.insert(List.of(usage(id, repo, pr, agent, "code", 1, "claude-opus-4-5", 100, 10, 1_000, at)));
  }

  @Test
  void anOutcomeReadsBackAsStoredWithEveryField() {
    PrOutcome merged = new PrOutcome(REPO, 7, State.MERGED, T0.plusSeconds(60), T0.plusSeconds(61), 1234, 56,
        T0.plusSeconds(62), SYNCED);
    PrOutcome open = open(REPO, 8, T0);

    assertThat(store.saveOutcomes(List.of(merged, open))).isEqualTo(2);

    assertThat(store.outcome(REPO, 7)).contains(merged);
    assertThat(store.outcome(REPO, 8)).contains(open);
    assertThat(store.outcome(REPO, 9)).isEmpty();
    assertThat(store.outcome("other/repo", 7)).isEmpty();
  }

  @Test
  void aNewerStateReplacesTheStoredOneAndAnOlderOneChangesNothing() {
    store.saveOutcomes(List.of(open(REPO, 1, T0)));
    PrOutcome merged = merged(REPO, 1, T0.plusSeconds(3600));

    assertThat(store.saveOutcomes(List.of(merged))).isEqualTo(1);
    assertThat(store.outcome(REPO, 1)).contains(merged);

    // the "opened" event delivered late: older updated_at, must not undo the merge
    assertThat(store.saveOutcomes(List.of(open(REPO, 1, T0.plusSeconds(1800))))).isZero();
    assertThat(store.outcome(REPO, 1)).contains(merged);
  }

  @Test
  void aReplayChangesNothingNotEvenTheSyncTime() {
    PrOutcome merged = merged(REPO, 1, T0);
    store.saveOutcomes(List.of(merged));

    assertThat(store.saveOutcomes(List.of(
        new PrOutcome(REPO, 1, State.MERGED, T0, T0, 120, 30, T0, SYNCED.plusSeconds(600))))).isZero();
    assertThat(store.outcome(REPO, 1)).contains(merged);
  }

  @Test
  void twoStatesInTheSameSecondLetTheLaterArrivalWin() {
    store.saveOutcomes(List.of(open(REPO, 1, T0)));
    PrOutcome closedSameSecond = closed(REPO, 1, T0);

    assertThat(store.saveOutcomes(List.of(closedSameSecond))).isEqualTo(1);
    assertThat(store.outcome(REPO, 1)).contains(closedSameSecond);
  }

  @Test
  void aBatchTheDatabaseRefusesPartOfStoresNothing() throws Exception {
    store.saveOutcomes(List.of(open(REPO, 1, T0)));
    refuseOutcomeInTheDatabase(3);

    assertThatThrownBy(() -> store.saveOutcomes(List.of(
        merged(REPO, 1, T0.plusSeconds(60)), open(REPO, 2, T0), open(REPO, 3, T0))))
        .isInstanceOf(StoreException.class);

    assertThat(store.outcome(REPO, 1)).contains(open(REPO, 1, T0));
    assertThat(store.outcome(REPO, 2)).isEmpty();
  }

  @Test
  void outcomesWithUsageAreThoseOfThePrsWhoseUsageMatchesTheFilter() {
    usageOn("a", REPO, 1L, "rex", "2026-11-02T10:00:00Z");
    usageOn("b", REPO, 2L, "blaze", "2026-11-10T10:00:00Z");
    usageOn("c", "other/repo", 1L, "rex", "2026-11-10T10:00:00Z");
    usageOn("d", REPO, null, "rex", "2026-11-10T10:00:00Z");
    store.saveOutcomes(List.of(merged(REPO, 1, T0), closed(REPO, 2, T0), open("other/repo", 1, T0),
        merged(REPO, 99, T0))); // 99 has no usage at all

    assertThat(store.outcomesWithUsage(UsageFilter.ALL)).extracting(o -> o.repository() + "#" + o.prNumber())
        .containsExactly("5dlabs/cto#1", "5dlabs/cto#2", "other/repo#1");
    assertThat(store.outcomesWithUsage(new UsageFilter(REPO, null, null, null, null, null)))
        .extracting(PrOutcome::prNumber).containsExactly(1L, 2L);
    assertThat(store.outcomesWithUsage(new UsageFilter(null, null, "rex", null, null, null)))
        .extracting(o -> o.repository() + "#" + o.prNumber()).containsExactly("5dlabs/cto#1", "other/repo#1");
    // day-aligned (the rollup) and not (the records) must agree
    Instant nov5 = Instant.parse("2026-11-05T00:00:00Z");
    Instant dec1 = Instant.parse("2026-12-01T00:00:00Z");
    assertThat(store.outcomesWithUsage(UsageFilter.period(nov5, dec1)))
        .extracting(o -> o.repository() + "#" + o.prNumber()).containsExactly("5dlabs/cto#2", "other/repo#1");
    assertThat(store.outcomesWithUsage(UsageFilter.period(Instant.parse("2026-11-10T10:00:00.000001Z"), dec1)))
        .isEmpty();
    assertThat(store.outcomesWithUsage(UsageFilter.period(Instant.parse("2026-11-02T09:00:00Z"),
        Instant.parse("2026-11-02T11:00:00Z")))).containsExactly(merged(REPO, 1, T0));
  }

  @Test
  void prsNeedingSyncAreThoseWithoutAnOutcomeStillOpenOrUsedAfterClosing() {
    usageOn("a", REPO, 1L, "rex", "2026-11-02T10:00:00Z"); // no outcome
    usageOn("b", REPO, 2L, "rex", "2026-11-02T10:00:00Z"); // open
    usageOn("c", REPO, 3L, "rex", "2026-11-02T10:00:00Z"); // merged: final
    usageOn("d", REPO, 4L, "rex", "2026-11-02T10:00:00Z"); // closed after its last usage: final
    usageOn("e", REPO, 5L, "rex", "2026-11-12T10:00:00Z"); // used after it closed: reopened?
    usageOn("f", REPO, null, "rex", "2026-11-02T10:00:00Z"); // no PR: nothing to ask GitHub
    usageOn("g", null, 6L, "rex", "2026-11-02T10:00:00Z"); // no repository: nothing to ask either
    usageOn("h", "other/repo", 1L, "blaze", "2026-11-20T10:00:00Z");
    store.saveOutcomes(List.of(open(REPO, 2, T0), merged(REPO, 3, T0), closed(REPO, 4, T0),
        closed(REPO, 5, Instant.parse("2026-11-10T10:00:00Z"))));

    assertThat(store.prsNeedingSync(UsageFilter.ALL)).containsExactly(
        new PrKey(REPO, 1), new PrKey(REPO, 2), new PrKey(REPO, 5), new PrKey("other/repo", 1));
    assertThat(store.prsNeedingSync(new UsageFilter("other/repo", null, null, null, null, null)))
        .containsExactly(new PrKey("other/repo", 1));
    assertThat(store.prsNeedingSync(UsageFilter.period(Instant.parse("2026-11-10T00:00:00Z"), null)))
        .containsExactly(new PrKey(REPO, 5), new PrKey("other/repo", 1));
    assertThat(store.prsNeedingSync(UsageFilter.period(Instant.parse("2026-11-12T10:00:00.5Z"), null)))
        .containsExactly(new PrKey("other/repo", 1));
  }
}
