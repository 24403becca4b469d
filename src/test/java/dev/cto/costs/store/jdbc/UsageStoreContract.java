package dev.cto.costs.store.jdbc;

import dev.cto.costs.store.UsageStore;
import dev.cto.costs.store.CostQueries;
import static dev.cto.costs.store.jdbc.Records.unpriced;
import static dev.cto.costs.store.jdbc.Records.usage;
import static dev.cto.costs.store.jdbc.Records.withRequestId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.domain.ThresholdLevel;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.CostUpdate;
import dev.cto.costs.store.Dimension;
import dev.cto.costs.store.GroupTotals;
import dev.cto.costs.store.PrAgentWork;
import dev.cto.costs.store.UsageFilter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store backend must do. Subclasses supply a fresh, empty store per test (Zipkin's
 * pattern: one contract, run against each backend). The contract sees the store only through its
 * ports, {@link UsageStore} and {@link CostQueries}, as Zipkin's {@code ITStorage} sees only the
 * storage component: a backend that is not JDBC runs it unchanged, and a test cannot lean on an
 * adapter's internals.
 */
abstract class UsageStoreContract<S extends UsageStore & CostQueries> {

  protected S store;

  protected abstract S newEmptyStore() throws Exception;

  /**
   * Makes the database itself refuse the row of {@code id} (a trigger or a CHECK): a record the
   * domain lets through can no longer be one the store refuses, so a failure is staged this way.
   */
  protected abstract void refuseInTheDatabase(String id) throws Exception;

  /** A second store on the same database, as another replica or a CLI import opens it. */
  protected abstract S openReplica() throws Exception;

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

  private static final String REPO = "5dlabs/cto";

  /**
   * The dashboard's data version follows the marker (docs/dashboard.md): it must move on a commit
   * by another process, and on this store's own, and stay put while only reads (and SQLite's
   * background checkpoints) happen, or warm pages would be rebuilt every second.
   */
  @Test
  void changeMarkerMovesOnAnyCommitAndOnlyThen() throws Exception {
    store.insert(seedPr123());
    long before = store.changeMarker();
    store.totals(UsageFilter.ALL);
    Thread.sleep(600); // SQLite checkpoints every 250 ms in the background
    assertThat(store.changeMarker()).isEqualTo(before);
    try (S replica = openReplica()) {
      replica.insert(List.of(usage("from-replica", REPO, 124L, "rex", "code", 1, "claude-sonnet", 1, 1, 1, "2026-03-03T09:00:00Z")));
    }
    long afterReplica = store.changeMarker();
    assertThat(afterReplica).isNotEqualTo(before);
    store.insert(List.of(usage("own", REPO, 125L, "rex", "code", 1, "claude-sonnet", 1, 1, 1, "2026-03-03T10:00:00Z")));
    assertThat(store.changeMarker()).isNotEqualTo(afterReplica);
  }

  /** The original example: rex twice, cleo once on PR 123. */
  private List<PricedUsage> seedPr123() {
    return List.of(
        usage("a", REPO, 123L, "rex", "code", 1, "claude-sonnet", 1000, 500, 10_500_000, "2026-03-01T10:00:00Z"),
        usage("b", REPO, 123L, "rex", "code", 2, "claude-sonnet", 2000, 1000, 21_000_000, "2026-03-01T11:00:00Z"),
        usage("c", REPO, 123L, "cleo", "lint", 1, "claude-sonnet", 500, 250, 5_250_000, "2026-03-02T09:00:00Z"));
  }

  @Test
  void seedExampleTotalsAndAgents() {
    store.insert(seedPr123());

    GroupTotals total = store.totals(UsageFilter.pr(REPO, 123));
    assertThat(total.records()).isEqualTo(3);
    assertThat(total.tokens().input()).isEqualTo(3500);
    assertThat(total.tokens().output()).isEqualTo(1750);
    assertThat(total.cost()).isEqualTo(Usd.ofNanos(36_750_000));
    assertThat(total.firstAt()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
    assertThat(total.lastAt()).isEqualTo(Instant.parse("2026-03-02T09:00:00Z"));

    List<GroupTotals> agents = store.aggregate(UsageFilter.pr(REPO, 123), Dimension.AGENT);
    assertThat(agents).extracting(g -> g.string(0)).containsExactly("rex", "cleo"); // by cost desc
    assertThat(agents.get(0).maxIteration()).isEqualTo(2);
    assertThat(agents.get(0).tokens().input()).isEqualTo(3000);
  }

  @Test
  void insertReturnsOnlyNewIdsAndDuplicatesChangeNothing() {
    assertThat(store.insert(seedPr123())).containsExactlyInAnyOrder("a", "b", "c");
    GroupTotals before = store.totals(UsageFilter.ALL);

    PricedUsage sameIdOtherTokens =
        usage("a", REPO, 123L, "rex", "code", 1, "claude-sonnet", 99_999, 1, 1, "2026-03-03T10:00:00Z");
    PricedUsage fresh = usage("d", REPO, 124L, "rex", "code", 1, "m", 1, 1, 7, "2026-03-03T10:00:00Z");
    assertThat(store.insert(List.of(sameIdOtherTokens, fresh, fresh))).containsExactly("d");

    GroupTotals after = store.totals(UsageFilter.ALL);
    assertThat(after.records()).isEqualTo(before.records() + 1);
    assertThat(after.cost().nanos()).isEqualTo(before.cost().nanos() + 7);
    assertThat(store.totals(UsageFilter.pr(REPO, 123)).tokens().input()).isEqualTo(3500);
  }

  /**
   * Two different records under one id in one batch: the first is stored and reported new, as
   * the collector acknowledges it (it charges the caller the first one's cost). Storing the last
   * instead would store a cost other than the one acknowledged. Both insert paths (a small batch
   * straight in, a large one through SQLite's staging table).
   */
  @Test
  void ofTwoDifferentRecordsWithOneIdInABatchTheFirstIsStored() {
    for (int size : new int[] {2, UsageInserter.STAGE_FROM_ROWS + 10}) {
      String prefix = "batch" + size + "-";
      PricedUsage first = usage(prefix + "x", REPO, 9L, "rex", "code", 1, "claude-sonnet", 100, 10, 1_000, "2026-03-01T10:00:00Z");
      PricedUsage second = usage(prefix + "x", REPO, 9L, "cleo", "lint", 2, "gpt-5", 999, 99, 7_777, "2026-03-02T10:00:00Z");
      List<PricedUsage> batch = new ArrayList<>(List.of(first));
      for (int i = 0; batch.size() < size - 1; i++) {
        batch.add(numbered(prefix, i, "2026-03-01T10:00:00Z"));
      }
      batch.add(second);

      assertThat(store.insert(batch)).contains(prefix + "x").hasSize(size - 1);

      List<PricedUsage> stored = new ArrayList<>();
      store.forEachRecord(UsageFilter.ALL, p -> {
        if (p.id().equals(prefix + "x")) {
          stored.add(p);
        }
      });
      assertThat(stored).as("batch of %d", size).containsExactly(first);
    }
    GroupTotals pr9 = store.totals(UsageFilter.pr(REPO, 9));
    assertThat(pr9.records()).isEqualTo(2);
    assertThat(pr9.cost().nanos()).isEqualTo(2 * 1_000);
  }

  /** The proxy names a call by its message id, the OTLP receiver by its request id: one call, one record. */
  @Test
  void aSecondRecordOfTheSameProviderRequestIsADuplicateWhateverItsId() {
    PricedUsage viaProxy = withRequestId(
        usage("msg_01", REPO, 7L, "rex", "code", 1, "claude-sonnet", 100, 10, 1_000, "2026-03-01T10:00:00Z"), "req_01");
    PricedUsage viaOtlp = withRequestId(
        usage("req_01", REPO, 7L, "rex", "code", 1, "claude-sonnet", 100, 10, 1_000, "2026-03-01T10:00:01Z"), "req_01");
    PricedUsage other = withRequestId(
        usage("msg_02", REPO, 7L, "rex", "code", 1, "claude-sonnet", 5, 5, 50, "2026-03-01T10:00:02Z"), "req_02");
    PricedUsage noRequestA = withRequestId(
        usage("codex:a", REPO, 7L, "rex", "code", 1, "gpt-5", 1, 1, 3, "2026-03-01T10:00:03Z"), null);
    PricedUsage noRequestB = withRequestId(
        usage("codex:b", REPO, 7L, "rex", "code", 1, "gpt-5", 1, 1, 4, "2026-03-01T10:00:04Z"), null);

    assertThat(store.insert(List.of(viaProxy))).containsExactly("msg_01");
    assertThat(store.insert(List.of(viaOtlp, other, noRequestA, noRequestB)))
        .containsExactlyInAnyOrder("msg_02", "codex:a", "codex:b");
    // within one batch too
    PricedUsage sameBatchA = withRequestId(
        usage("x1", REPO, 8L, "rex", "code", 1, "m", 1, 1, 1, "2026-03-01T10:00:00Z"), "req_09");
    PricedUsage sameBatchB = withRequestId(
        usage("x2", REPO, 8L, "rex", "code", 1, "m", 1, 1, 1, "2026-03-01T10:00:00Z"), "req_09");
    assertThat(store.insert(List.of(sameBatchA, sameBatchB))).hasSize(1);

    GroupTotals pr7 = store.totals(UsageFilter.pr(REPO, 7));
    assertThat(pr7.records()).isEqualTo(4);
    assertThat(pr7.cost().nanos()).isEqualTo(1_000 + 50 + 3 + 4);
    assertThat(store.totals(UsageFilter.pr(REPO, 8)).records()).isEqualTo(1);
  }

  /**
   * A batch above {@link UsageInserter#STAGE_FROM_ROWS} (what an import or a busy collector
   * commits) keeps the same rules as a small one: on SQLite it is written by another way (a
   * staging table, new rows told by rowid), so every kind of duplicate is in it.
   */
  @Test
  void aLargeBatchKeepsEveryDuplicateRule() {
    List<PricedUsage> stored = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      stored.add(numbered("old-", i, "2026-03-01T10:00:00Z"));
    }
    store.insert(stored);

    List<PricedUsage> batch = new ArrayList<>();
    List<PricedUsage> expectedNew = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      PricedUsage fresh = numbered("new-", i, "2026-03-02T10:00:00Z");
      batch.add(fresh);
      expectedNew.add(fresh);
      if (i % 10 == 0) { // the same record twice in the batch
        batch.add(fresh);
      }
      if (i % 7 == 0) { // a second record of the same provider request, later in the batch
        batch.add(withRequestId(numbered("twin-", i, "2026-03-02T11:00:00Z"), fresh.record().requestId()));
      }
    }
    for (int i = 0; i < 300; i += 3) { // an id already stored, and a request already stored under another id
      batch.add(500, numbered("old-", i, "2026-03-04T10:00:00Z"));
      batch.add(withRequestId(numbered("again-", i, "2026-03-04T10:00:00Z"), stored.get(i + 1).record().requestId()));
    }
    PricedUsage noRequestId = withRequestId(numbered("codex-", 1, "2026-03-02T12:00:00Z"), null);
    batch.add(noRequestId);
    expectedNew.add(noRequestId);
    assertThat(batch.size()).isGreaterThan(UsageInserter.STAGE_FROM_ROWS);

    assertThat(store.insert(batch)).containsExactlyInAnyOrderElementsOf(expectedNew.stream().map(PricedUsage::id).toList());
    assertThat(store.insert(batch)).as("the same batch again").isEmpty();

    long expectedCost = 0;
    long expectedInput = 0;
    for (PricedUsage p : concat(stored, expectedNew)) {
      expectedCost += p.cost().nanos();
      expectedInput += p.record().tokens().input();
    }
    GroupTotals fromRollup = store.totals(UsageFilter.ALL);
    assertThat(fromRollup.records()).isEqualTo(stored.size() + expectedNew.size());
    assertThat(fromRollup.cost().nanos()).isEqualTo(expectedCost);
    assertThat(fromRollup.tokens().input()).isEqualTo(expectedInput);
    List<PricedUsage> records = new ArrayList<>();
    store.forEachRecord(UsageFilter.ALL, records::add);
    assertThat(records).containsExactlyInAnyOrderElementsOf(concat(stored, expectedNew));
  }

  /** A large batch that fails part-way stores nothing, and leaves nothing behind for the next one. */
  @Test
  void aLargeBatchThatFailsStoresNothing() throws Exception {
    List<PricedUsage> failing = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      failing.add(numbered("doomed-", i, "2026-03-01T10:00:00Z"));
    }
    refuseInTheDatabase("refused0");
    failing.add(900, numbered("refused", 0, "2026-03-01T10:00:00Z"));
    assertThatThrownBy(() -> store.insert(failing)).isInstanceOf(RuntimeException.class);
    assertThat(store.totals(UsageFilter.ALL).records()).isZero();

    List<PricedUsage> next = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      next.add(numbered("next-", i, "2026-03-01T10:00:00Z"));
    }
    assertThat(store.insert(next)).hasSize(700);
    List<PricedUsage> records = new ArrayList<>();
    store.forEachRecord(UsageFilter.ALL, records::add);
    assertThat(records).containsExactlyInAnyOrderElementsOf(next);
  }

  /** Record {@code prefix + i}: its own request id, tokens and cost that differ per record. */
  private static PricedUsage numbered(String prefix, int i, String at) {
    return usage(prefix + i, REPO, 1L + i % 5, "rex", "code", 1 + i % 3, "claude-sonnet", 100 + i, 10 + i % 17,
        1_000 + 13L * i, at);
  }

  private static List<PricedUsage> concat(List<PricedUsage> a, List<PricedUsage> b) {
    List<PricedUsage> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @Test
  void prNumbersArePerRepositoryAndRecordsWithoutPrAreKept() {
    store.insert(seedPr123());
    store.insert(List.of(
        usage("x", "other/repo", 123L, "rex", "code", 1, "m", 5, 5, 100, "2026-03-01T10:00:00Z"),
        usage("y", REPO, null, "morgan", "intake", 1, "m", 7, 7, 200, "2026-03-01T10:00:00Z")));

    assertThat(store.totals(UsageFilter.pr(REPO, 123)).records()).isEqualTo(3);
    assertThat(store.totals(UsageFilter.pr("other/repo", 123)).records()).isEqualTo(1);
    List<GroupTotals> byPr = store.aggregate(UsageFilter.ALL, Dimension.REPOSITORY, Dimension.PR);
    assertThat(byPr).extracting(g -> g.key()).contains(List.of(REPO, 123L), java.util.Arrays.asList(REPO, null));
  }

  @Test
  void unpricedRecordsKeepTheirTokensAndAreCounted() {
    store.insert(seedPr123());
    store.insert(List.of(unpriced("u1", REPO, 123L, "rex", "mystery-1", 400, "2026-03-01T12:00:00Z")));

    GroupTotals total = store.totals(UsageFilter.pr(REPO, 123));
    assertThat(total.records()).isEqualTo(4);
    assertThat(total.unpricedRecords()).isEqualTo(1);
    assertThat(total.tokens().input()).isEqualTo(3900);
    List<GroupTotals> unpricedModels = store.aggregate(UsageFilter.pr(REPO, 123).withPriced(false), Dimension.MODEL);
    assertThat(unpricedModels).singleElement().satisfies(g -> {
      assertThat(g.string(0)).isEqualTo("mystery-1");
      assertThat(g.tokens().input()).isEqualTo(400);
    });
  }

  @Test
  void everyDimensionGroupsWithTypedKeys() {
    store.insert(seedPr123());
    store.insert(List.of(unpriced("u1", REPO, 123L, "rex", "mystery-1", 400, "2026-03-01T12:00:00Z")));
    UsageFilter pr = UsageFilter.pr(REPO, 123);

    assertThat(store.aggregate(pr, Dimension.STAGE)).extracting(g -> g.key().get(0)).containsExactlyInAnyOrder("code", "lint");
    assertThat(store.aggregate(pr, Dimension.ITERATION)).extracting(g -> g.key().get(0)).containsExactlyInAnyOrder(1, 2);
    assertThat(store.aggregate(pr, Dimension.PRICED)).extracting(g -> g.key().get(0)).containsExactlyInAnyOrder(true, false);
    assertThat(store.aggregate(pr, Dimension.DAY)).extracting(g -> g.key().get(0))
        .containsExactlyInAnyOrder(LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-02"));
    assertThat(store.aggregate(pr, Dimension.PROVIDER)).extracting(g -> g.key().get(0)).containsExactlyInAnyOrder("anthropic", null);
    assertThat(store.aggregate(pr, Dimension.CLI)).extracting(g -> g.key().get(0)).containsExactlyInAnyOrder("claude", null);
    List<GroupTotals> agentIteration = store.aggregate(pr, Dimension.AGENT, Dimension.ITERATION);
    assertThat(agentIteration).extracting(GroupTotals::key)
        .containsExactlyInAnyOrder(List.of("rex", 1), List.of("rex", 2), List.of("cleo", 1));
  }

  @Test
  void emptyResultStillHasOneTotalsRow() {
    GroupTotals none = store.totals(UsageFilter.pr(REPO, 999));
    assertThat(none.records()).isZero();
    assertThat(none.cost()).isEqualTo(Usd.ZERO);
    assertThat(none.firstAt()).isNull();
    assertThat(store.aggregate(UsageFilter.pr(REPO, 999), Dimension.AGENT)).isEmpty();
  }

  @Test
  void timeFiltersGiveTheSameAnswerFromRollupsAndFromRecords() {
    store.insert(seedPr123());
    store.insert(List.of(usage("late", REPO, 5L, "rex", "code", 1, "m", 1, 1, 3, "2026-03-02T23:59:59.999999Z")));
    Instant dayStart = Instant.parse("2026-03-02T00:00:00Z");
    Instant nextDay = Instant.parse("2026-03-03T00:00:00Z");

    UsageFilter byDays = UsageFilter.period(dayStart, nextDay); // midnight bounds: rollup
    UsageFilter byMicros = UsageFilter.period(dayStart, nextDay.minusNanos(1000)); // raw records
    assertThat(new AggregateQuery(byDays, List.of(), 0).usesRollup()).isTrue();
    assertThat(new AggregateQuery(byMicros, List.of(), 0).usesRollup()).isFalse();

    GroupTotals rollup = store.totals(byDays);
    assertThat(rollup.records()).isEqualTo(2);
    assertThat(store.totals(UsageFilter.period(dayStart, nextDay.plusSeconds(1)))).isEqualTo(rollup);
    assertThat(store.totals(byMicros).records()).isEqualTo(1); // 'late' is at the excluded bound
    for (Dimension d : Dimension.values()) {
      assertThat(store.aggregate(UsageFilter.period(dayStart.minusSeconds(86400), nextDay), List.of(d), 0))
          .as("dimension %s", d)
          .isEqualTo(store.aggregate(UsageFilter.period(dayStart.minusSeconds(86400), nextDay.plusSeconds(1)), List.of(d), 0));
    }
  }

  @Test
  void dailyCostIsEachDaysSpendForEveryFilter() {
    store.insert(seedPr123());
    store.insert(List.of(
        usage("d", "other/repo", 7L, "rex", "code", 1, "m", 1, 1, 40, "2026-03-01T23:59:59.999999Z"),
        usage("e", REPO, 9L, "tess", "qa", 1, "m", 1, 1, 7, "2026-03-04T00:00:00Z")));
    Instant march2 = Instant.parse("2026-03-02T00:00:00Z");

    assertThat(store.dailyCost(UsageFilter.ALL)).containsExactly(
        java.util.Map.entry(LocalDate.parse("2026-03-01"), Usd.ofNanos(31_500_040)),
        java.util.Map.entry(LocalDate.parse("2026-03-02"), Usd.ofNanos(5_250_000)),
        java.util.Map.entry(LocalDate.parse("2026-03-04"), Usd.ofNanos(7)));
    assertThat(store.dailyCost(new UsageFilter(null, null, "rex", null, march2, null))).containsExactly(
        java.util.Map.entry(LocalDate.parse("2026-03-01"), Usd.ofNanos(31_500_040)));
    assertThat(store.dailyCost(new UsageFilter(REPO, null, null, null, march2, null))).containsExactly(
        java.util.Map.entry(LocalDate.parse("2026-03-01"), Usd.ofNanos(31_500_000)));
    // bounds off midnight read the records: the last microsecond of March 1 is in, 'a' (10:00) is out
    assertThat(store.dailyCost(UsageFilter.period(Instant.parse("2026-03-01T10:30:00Z"), Instant.parse("2026-03-04T00:00:00.000001Z"))))
        .containsExactly(
            java.util.Map.entry(LocalDate.parse("2026-03-01"), Usd.ofNanos(21_000_040)),
            java.util.Map.entry(LocalDate.parse("2026-03-02"), Usd.ofNanos(5_250_000)),
            java.util.Map.entry(LocalDate.parse("2026-03-04"), Usd.ofNanos(7)));
    assertThat(store.dailyCost(UsageFilter.pr(REPO, 999))).isEmpty();
  }

  /**
   * The anomaly report's input: per (repository, PR, agent) with a PR, cost, highest iteration and
   * first day, the same as the general GROUP BY gives, from the rollup and from the records.
   */
  @Test
  void prAgentWorkIsEachAgentsCostIterationAndFirstDayPerPr() {
    store.insert(seedPr123());
    store.insert(List.of(
        usage("d", REPO, 123L, "rex", "qa", 4, "other-model", 1, 1, 40, "2026-02-28T23:59:59.999999Z"),
        usage("e", "other/repo", 123L, "rex", "code", 1, "m", 1, 1, 7, "2026-03-02T08:00:00Z"),
        usage("f", REPO, null, "rex", "code", 9, "m", 1, 1, 1_000, "2026-03-01T12:00:00Z"),
        unpriced("g", null, 5L, "tess", "m", 3, "2026-03-03T00:00:00Z")));
    Instant march1 = Instant.parse("2026-03-01T00:00:00Z");

    assertThat(store.prAgentWork(UsageFilter.ALL)).containsExactlyInAnyOrder(
        new PrAgentWork(REPO, 123, "rex", LocalDate.parse("2026-02-28"), Usd.ofNanos(31_500_040), 4),
        new PrAgentWork(REPO, 123, "cleo", LocalDate.parse("2026-03-02"), Usd.ofNanos(5_250_000), 1),
        new PrAgentWork("other/repo", 123, "rex", LocalDate.parse("2026-03-02"), Usd.ofNanos(7), 1),
        new PrAgentWork("", 5, "tess", LocalDate.parse("2026-03-03"), Usd.ZERO, 1)); // unknown repository: ""
    // from March 1 (the rollup), and from 10:30 on March 1 (the records): 'd' and then 'a' fall out
    assertThat(store.prAgentWork(UsageFilter.agent("rex", march1, null))).containsExactlyInAnyOrder(
        new PrAgentWork(REPO, 123, "rex", LocalDate.parse("2026-03-01"), Usd.ofNanos(31_500_000), 2),
        new PrAgentWork("other/repo", 123, "rex", LocalDate.parse("2026-03-02"), Usd.ofNanos(7), 1));
    assertThat(store.prAgentWork(UsageFilter.agent("rex", march1.plusSeconds(37_800), null))).containsExactlyInAnyOrder(
        new PrAgentWork(REPO, 123, "rex", LocalDate.parse("2026-03-01"), Usd.ofNanos(21_000_000), 2),
        new PrAgentWork("other/repo", 123, "rex", LocalDate.parse("2026-03-02"), Usd.ofNanos(7), 1));
    for (UsageFilter f : List.of(UsageFilter.ALL, UsageFilter.period(march1, march1.plusSeconds(2 * 86_400)),
        UsageFilter.period(march1.plusSeconds(37_800), march1.plusSeconds(86_400)), new UsageFilter(REPO, null, null, null, null, null))) {
      List<PrAgentWork> expected = new ArrayList<>();
      for (GroupTotals g : store.aggregate(f, Dimension.REPOSITORY, Dimension.PR, Dimension.AGENT)) {
        if (g.pr(1) != null) {
          expected.add(new PrAgentWork(g.string(0), g.pr(1), g.string(2),
              g.firstAt().atZone(java.time.ZoneOffset.UTC).toLocalDate(), g.cost(), g.maxIteration()));
        }
      }
      assertThat(store.prAgentWork(f)).as("filter %s", f).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void anUnorderedAggregationHoldsTheSameRows() {
    store.insert(seedPr123());
    store.insert(List.of(unpriced("u", REPO, 7L, "tess", "mystery", 9, "2026-03-02T10:00:00Z"),
        usage("n", REPO, null, "rex", "code", 1, "m", 1, 1, 50, "2026-03-03T10:00:00Z")));
    List<Dimension> fine = List.of(Dimension.REPOSITORY, Dimension.PR, Dimension.AGENT, Dimension.MODEL,
        Dimension.PROVIDER, Dimension.PRICED);
    for (UsageFilter f : List.of(UsageFilter.ALL, UsageFilter.period(Instant.parse("2026-03-02T00:00:00Z"), null),
        UsageFilter.period(Instant.parse("2026-03-01T10:30:00Z"), null))) {
      List<GroupTotals> ordered = store.aggregate(f, fine, 0);
      assertThat(ordered).as("filter %s", f).hasSizeGreaterThan(1);
      assertThat(store.aggregateUnordered(f, fine)).as("filter %s", f).containsExactlyInAnyOrderElementsOf(ordered);
    }
  }

  @Test
  void limitKeepsTheMostExpensiveGroups() {
    store.insert(List.of(
        usage("1", REPO, 1L, "rex", "code", 1, "m", 1, 1, 300, "2026-03-01T10:00:00Z"),
        usage("2", REPO, 2L, "rex", "code", 1, "m", 1, 1, 100, "2026-03-01T10:00:00Z"),
        usage("3", REPO, 3L, "rex", "code", 1, "m", 1, 1, 200, "2026-03-01T10:00:00Z")));

    List<GroupTotals> top = store.aggregate(UsageFilter.ALL, List.of(Dimension.PR), 2);
    assertThat(top).extracting(g -> g.pr(0)).containsExactly(1L, 3L);
  }

  @Test
  void recordsStreamBackExactlyInTimeOrder() {
    PricedUsage full =
        usage("full", REPO, 7L, "rex", "code", 3, "claude-opus", new TokenCounts(1, 2, 3, 4, 5), 123_456_789, "2026-03-01T10:00:00.123456Z");
    store.insert(List.of(seedPr123().get(2), full, seedPr123().get(0)));
    store.insert(List.of(unpriced("u", null, null, "morgan", "m", 1, "2026-03-05T00:00:00Z")));

    List<PricedUsage> all = new ArrayList<>();
    store.forEachRecord(UsageFilter.ALL, all::add);
    assertThat(all).extracting(PricedUsage::id).containsExactly("a", "full", "c", "u");
    assertThat(all.get(1)).isEqualTo(full);
    assertThat(all.get(3)).isEqualTo(unpriced("u", null, null, "morgan", "m", 1, "2026-03-05T00:00:00Z"));

    List<PricedUsage> agentOnly = new ArrayList<>();
    store.forEachRecord(UsageFilter.agent("cleo", null, null), agentOnly::add);
    assertThat(agentOnly).extracting(PricedUsage::id).containsExactly("c");
  }

  /**
   * Cache savings come back as stored, unknown ones as unknown (not zero); the rollup and the
   * records agree on them; a reprice and the backfill keep the rollup equal to the records.
   */
  @Test
  void cacheSavingsRoundTripAndTheRollupFollowsEveryChange() {
    PricedUsage known = withSavings(usage("k", REPO, 7L, "rex", "code", 1, "m", new TokenCounts(1, 2, 0, 0, 1_000), 900,
        "2026-03-01T10:00:00Z"), 2_700);
    PricedUsage unknown = usage("n", REPO, 7L, "rex", "code", 1, "m", new TokenCounts(1, 2, 0, 0, 2_000), 800,
        "2026-03-01T11:00:00Z"); // stored as a store before savings were recorded held it
    PricedUsage noReads = usage("z", REPO, 7L, "rex", "code", 1, "m", 5, 5, 100, "2026-03-02T11:00:00Z");
    store.insert(List.of(known, unknown, noReads));

    List<PricedUsage> back = new ArrayList<>();
    store.forEachRecord(UsageFilter.ALL, back::add);
    assertThat(back).extracting(PricedUsage::cacheSavings).containsExactly(Usd.ofNanos(2_700), null, Usd.ZERO);
    UsageFilter days = UsageFilter.period(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-03T00:00:00Z"));
    UsageFilter records = UsageFilter.period(Instant.parse("2026-02-28T23:59:59Z"), Instant.parse("2026-03-03T00:00:00Z"));
    for (UsageFilter f : List.of(days, records)) {
      assertThat(store.totals(f).cacheSavings()).isEqualTo(Usd.ofNanos(2_700));
      assertThat(store.totals(f).unknownSavingsRecords()).isEqualTo(1);
    }
    assertThat(store.unknownCacheSavingsRecords()).isEqualTo(1);

    store.updateCosts(List.of(new CostUpdate("k", "anthropic", Usd.ofNanos(950), true, Usd.ofNanos(3_000))));
    assertThat(store.totals(days).cacheSavings()).isEqualTo(Usd.ofNanos(3_000));

    List<String> asked = new ArrayList<>();
    long filled = store.fillCacheSavings(p -> {
      asked.add(p.id());
      return Usd.ofNanos(5_400);
    });
    assertThat(asked).containsExactly("n"); // only the unknown record is priced
    assertThat(filled).isEqualTo(1);
    for (UsageFilter f : List.of(days, records)) {
      assertThat(store.totals(f).cacheSavings()).isEqualTo(Usd.ofNanos(8_400));
      assertThat(store.totals(f).unknownSavingsRecords()).isZero();
    }
    assertThat(store.unknownCacheSavingsRecords()).isZero();
    assertThat(store.fillCacheSavings(p -> Usd.ofNanos(1))).isZero();
  }

  private static PricedUsage withSavings(PricedUsage p, long nanos) {
    return new PricedUsage(p.record(), p.provider(), p.cost(), p.priced(), Usd.ofNanos(nanos));
  }

  @Test
  void updateCostsKeepsAggregatesConsistent() {
    store.insert(seedPr123());
    store.insert(List.of(unpriced("u1", REPO, 123L, "rex", "mystery-1", 400, "2026-03-01T12:00:00Z")));

    int changed = store.updateCosts(List.of(new CostUpdate("u1", "acme", Usd.ofNanos(1_000), true, Usd.ZERO),
        new CostUpdate("nope", null, Usd.ZERO, false, Usd.ZERO)));

    assertThat(changed).isEqualTo(1);
    GroupTotals total = store.totals(UsageFilter.pr(REPO, 123));
    assertThat(total.unpricedRecords()).isZero();
    assertThat(total.cost()).isEqualTo(Usd.ofNanos(36_750_000 + 1_000));
    assertThat(store.aggregate(UsageFilter.pr(REPO, 123), Dimension.PROVIDER)).extracting(g -> g.key().get(0)).contains("acme");
  }

  @Test
  void deleteOlderThanRemovesRecordsAndTheirAggregates() {
    store.insert(seedPr123());

    long deleted = store.deleteOlderThan(Instant.parse("2026-03-01T10:30:00Z"));

    assertThat(deleted).isEqualTo(1);
    GroupTotals total = store.totals(UsageFilter.pr(REPO, 123));
    assertThat(total.records()).isEqualTo(2);
    assertThat(total.cost()).isEqualTo(Usd.ofNanos(21_000_000 + 5_250_000));
    assertThat(total.firstAt()).isEqualTo(Instant.parse("2026-03-01T11:00:00Z"));
  }

  @Test
  void aThresholdCrossingIsRecordedOncePerLevel() {
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    ThresholdCrossing warning = new ThresholdCrossing(REPO, 123, ThresholdLevel.WARNING, Usd.of("5"), Usd.of("5.5"), at);

    assertThat(store.recordCrossing(warning)).isTrue();
    assertThat(store.recordCrossing(warning)).isFalse();
    assertThat(store.recordCrossing(new ThresholdCrossing(REPO, 123, ThresholdLevel.ERROR, Usd.of("20"), Usd.of("21"), at))).isTrue();
    assertThat(store.recordCrossing(new ThresholdCrossing("other/repo", 123, ThresholdLevel.WARNING, Usd.of("5"), Usd.of("6"), at))).isTrue();

    assertThat(store.crossedLevels(REPO, 123)).containsExactly(ThresholdLevel.WARNING, ThresholdLevel.ERROR);
    assertThat(store.crossings(REPO, 123).get(0)).isEqualTo(warning);
    assertThat(store.crossedLevels(REPO, 124)).isEmpty();
  }

  /** Whole input = input + both cache writes + cache reads; "above" is strictly greater, as LongContextTier decides. */
  @Test
  void sumsPerDayAndModelSplitAtAWholeInputSize() {
    store.insert(List.of(
        usage("small", REPO, 7L, "rex", "code", 1, "opus", new TokenCounts(100, 10, 50, 30, 20), 11, "2026-03-01T10:00:00Z"),
        usage("exact", REPO, 7L, "rex", "code", 1, "opus", new TokenCounts(100, 10, 0, 0, 100), 13, "2026-03-01T11:00:00Z"),
        usage("big", REPO, 7L, "rex", "code", 2, "opus", new TokenCounts(150, 20, 40, 10, 1), 17, "2026-03-01T12:00:00Z"),
        usage("next-day", REPO, 7L, "rex", "code", 2, "opus", new TokenCounts(500, 1, 0, 0, 0), 19, "2026-03-02T00:00:00Z"),
        usage("other-model", REPO, 7L, "rex", "code", 1, "haiku", new TokenCounts(900, 1, 0, 0, 0), 23, "2026-03-01T10:00:00Z"),
        usage("other-agent", REPO, 7L, "cleo", "code", 1, "opus", new TokenCounts(900, 1, 0, 0, 0), 29, "2026-03-01T10:00:00Z"),
        unpriced("no-price", REPO, 7L, "rex", "opus", 700, "2026-03-01T13:00:00Z")));
    UsageFilter rex = new UsageFilter(REPO, 7L, "rex", null, null, null);

    List<GroupTotals> rows = store.aggregateBySize(rex, List.of("opus", "never-used"), 200);

    assertThat(rows).hasSize(4);
    GroupTotals below = row(rows, LocalDate.parse("2026-03-01"), true, false);
    assertThat(below.records()).isEqualTo(2); // 200 is not above 200
    assertThat(below.tokens()).isEqualTo(new TokenCounts(200, 20, 50, 30, 120));
    assertThat(below.cost()).isEqualTo(Usd.ofNanos(24));
    GroupTotals above = row(rows, LocalDate.parse("2026-03-01"), true, true);
    assertThat(above.records()).isEqualTo(1);
    assertThat(above.tokens()).isEqualTo(new TokenCounts(150, 20, 40, 10, 1));
    assertThat(row(rows, LocalDate.parse("2026-03-02"), true, true).cost()).isEqualTo(Usd.ofNanos(19));
    GroupTotals unpricedRow = row(rows, LocalDate.parse("2026-03-01"), false, true);
    assertThat(unpricedRow.unpricedRecords()).isEqualTo(1);
    assertThat(unpricedRow.tokens().input()).isEqualTo(700);
    assertThat(store.aggregateBySize(rex, List.of(), 200)).isEmpty();
    assertThat(store.aggregateBySize(UsageFilter.period(Instant.parse("2026-03-02T00:00:00Z"), null), List.of("opus"), 0))
        .singleElement().satisfies(g -> assertThat(g.key()).containsExactly(LocalDate.parse("2026-03-02"), "opus", true, true));
  }

  private static GroupTotals row(List<GroupTotals> rows, LocalDate day, boolean priced, boolean above) {
    return rows.stream().filter(g -> g.key().equals(List.of(day, "opus", priced, above))).findFirst().orElseThrow();
  }

  @Test
  void isReachable() {
    assertThat(store.isReachable()).isTrue();
  }
}
