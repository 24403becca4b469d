package dev.cto.costs.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.analytics.AnomalyData.Planted;
import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.report.ReportRenderer;
import dev.cto.costs.store.jdbc.JdbcStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The anomaly report on generated data with planted anomalies, in a real SQLite file. */
class AnomalyServiceTest {

  @TempDir static Path dir;
  static AnomalyData data;
  static JdbcStore store;
  static AnomalyService service;

  @BeforeAll
  static void load() {
    data = AnomalyData.generate(7);
    store = JdbcStore.openSqlite(dir.resolve("costs.db"));
    store.insert(data.records());
    service = new AnomalyService(store);
  }

  @AfterAll
  static void close() {
    store.close();
  }

  private static AnalyticsScope scope() {
    return new AnalyticsScope(AnomalyData.SCOPE_FROM, AnomalyData.LAST, null, null);
  }

  /**
   * Every planted case is found, and at most 2 % of the normal (PR, agent) pairs are flagged. The
   * figures printed are those of docs/benchmarks.md.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 7})
  void findsEveryPlantedCaseAndFlagsFewNormalPairs(long seed) {
    AnomalyData data = seed == 7 ? AnomalyServiceTest.data : AnomalyData.generate(seed);
    AnomalyReport report;
    if (seed == 7) {
      report = service.anomalies(scope(), null);
    } else {
      try (JdbcStore s = JdbcStore.openSqlite(dir.resolve("seed-" + seed + ".db"))) {
        s.insert(data.records());
        report = new AnomalyService(s).anomalies(scope(), null);
      }
    }

    Set<Planted> found = report.anomalies().stream().map(a -> new Planted(a.kind(), a.subject())).collect(Collectors.toSet());
    Set<Planted> missed = new HashSet<>(data.planted());
    missed.removeAll(found);
    Set<Planted> falseAlarms = new HashSet<>(found);
    falseAlarms.removeAll(data.planted());
    long falsePairs = falseAlarms.stream().filter(p -> !p.kind().equals("daily_spend")).map(Planted::subject).distinct().count();
    long falseDays = falseAlarms.stream().filter(p -> p.kind().equals("daily_spend")).count();
    double falsePairRate = 100.0 * falsePairs / data.normalPairsInScope();
    System.out.printf("anomalies, seed %d: %d records; planted %d (%s); found %d of them; false alarms: %d of %d normal"
            + " (PR, agent) pairs = %.2f %%, %d of %d days%n",
        seed, data.records().size(), data.planted().size(), countByKind(data.planted()), data.planted().size() - missed.size(),
        falsePairs, data.normalPairsInScope(), falsePairRate, falseDays, data.daysInScope());
    falseAlarms.forEach(f -> System.out.println("  false alarm: " + f));

    assertThat(data.planted()).extracting(Planted::kind).contains("pr_cost", "iteration_loop", "daily_spend");
    assertThat(missed).as("planted anomalies not found").isEmpty();
    assertThat(falsePairRate).as("percent of normal (PR, agent) pairs flagged").isLessThanOrEqualTo(2.0);
    assertThat(falseDays).as("normal days flagged").isLessThanOrEqualTo(1);
  }

  @Test
  void aPrCostAnomalyExplainsItselfWithItsBaselineAndLeavesStageNull() {
    Planted plant = data.planted().stream().filter(p -> p.kind().equals("pr_cost")).findFirst().orElseThrow();
    Anomaly a = service.anomalies(scope(), AnomalyKind.PR_COST).anomalies().stream()
        .filter(x -> x.subject().equals(plant.subject())).findFirst().orElseThrow();

    assertThat(a.stage()).isNull();
    assertThat(a.value().scale()).isEqualTo(9);
    assertThat(a.value()).isEqualByComparingTo(BigDecimal.valueOf(AnomalyData.USUAL.get(a.agent()) * 5));
    assertThat(a.value().divide(a.baseline(), java.math.MathContext.DECIMAL64).doubleValue()).isBetween(3.5, 7.0);
    assertThat(a.score().doubleValue()).isGreaterThan(3.5);
    assertThat(a.explanation())
        .startsWith(a.agent() + " spent $")
        .contains(" on " + a.repository() + "#" + a.prNumber() + ", ")
        .containsPattern("\\d\\.\\d× its usual \\$\\d+\\.\\d\\d \\(median of \\d+ PRs in the 30 days before\\)");
  }

  @Test
  void onlyTheAskedKindIsReportedAndDailyRowsHaveNoPr() {
    AnomalyReport days = service.anomalies(scope(), AnomalyKind.DAILY_SPEND);
    assertThat(days.anomalies()).isNotEmpty().allSatisfy(a -> {
      assertThat(a.kind()).isEqualTo("daily_spend");
      assertThat(a.prNumber()).isNull();
      assertThat(a.repository()).isNull();
      assertThat(a.agent()).isNull();
      assertThat(a.explanation()).contains(" on " + a.date() + " (UTC)").contains("the usual $");
    });
    assertThat(service.anomalies(scope(), AnomalyKind.ITERATION_LOOP).anomalies())
        .isNotEmpty().allSatisfy(a -> {
          assertThat(a.kind()).isEqualTo("iteration_loop");
          assertThat(a.value()).isEqualByComparingTo("10");
          assertThat(a.explanation()).contains(" ran 10 iterations on ");
        });
  }

  @Test
  void repoAndAgentSelectTheAnomaliesShownButNotTheAgentsBaseline() {
    Anomaly any = service.anomalies(scope(), AnomalyKind.PR_COST).anomalies().get(0);
    AnomalyReport narrowed = service.anomalies(
        new AnalyticsScope(AnomalyData.SCOPE_FROM, AnomalyData.LAST, any.repository(), any.agent()), AnomalyKind.PR_COST);

    assertThat(narrowed.anomalies()).contains(any)
        .allSatisfy(a -> assertThat(a.repository() + a.agent()).isEqualTo(any.repository() + any.agent()));
  }

  @Test
  void tooFewBaselinePrsGiveNoVerdict() throws Exception {
    try (JdbcStore small = JdbcStore.openSqlite(dir.resolve("small.db"))) {
      List<PricedUsage> records = new ArrayList<>();
      LocalDate day = LocalDate.parse("2026-11-01");
      for (int i = 0; i < AnomalyRule.MIN_PRS - 1; i++) {
        records.add(usage("b" + i, 10 + i, 1, 1_000_000_000L, day.plusDays(i)));
      }
      records.add(usage("huge", 99, 1, 500_000_000_000L, day.plusDays(20)));
      small.insert(records);
      AnalyticsScope scope = new AnalyticsScope(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"), null, null);

      assertThat(new AnomalyService(small).anomalies(scope, AnomalyKind.PR_COST).anomalies()).isEmpty();

      small.insert(List.of(usage("b-last", 50, 1, 1_000_000_000L, day.plusDays(10))));
      assertThat(new AnomalyService(small).anomalies(scope, AnomalyKind.PR_COST).anomalies())
          .extracting(Anomaly::prNumber).containsExactly(99L);
    }
  }

  /** A robust baseline: one earlier runaway PR does not hide the next one (a mean and SD would). */
  @Test
  void anEarlierRunawayDoesNotHideTheNext() throws Exception {
    try (JdbcStore s = JdbcStore.openSqlite(dir.resolve("robust.db"))) {
      List<PricedUsage> records = new ArrayList<>();
      LocalDate day = LocalDate.parse("2026-11-01");
      long[] costs = {1_000_000_000L, 1_100_000_000L, 900_000_000L, 1_050_000_000L, 950_000_000L, 1_000_000_000L,
          1_200_000_000L, 800_000_000L, 1_000_000_000L, 1_100_000_000L};
      for (int i = 0; i < costs.length; i++) {
        records.add(usage("n" + i, 10 + i, 1, costs[i], day.plusDays(i)));
      }
      records.add(usage("runaway-1", 40, 1, 100_000_000_000L, day.plusDays(11)));
      records.add(usage("runaway-2", 41, 1, 8_000_000_000L, day.plusDays(12)));
      s.insert(records);
      AnalyticsScope scope = new AnalyticsScope(day, LocalDate.parse("2026-11-30"), null, null);

      assertThat(new AnomalyService(s).anomalies(scope, AnomalyKind.PR_COST).anomalies())
          .extracting(Anomaly::prNumber).containsExactlyInAnyOrder(40L, 41L);
    }
  }

  @Test
  void theJsonHasTheContractsKeysWithNullsKept() throws Exception {
    String json = ReportRenderer.JSON.writeValueAsString(service.anomalies(scope(), AnomalyKind.DAILY_SPEND));
    var tree = ReportRenderer.JSON.readTree(json);
    assertThat(tree.fieldNames()).toIterable().containsExactly("from", "to", "anomalies");
    assertThat(tree.get("anomalies").get(0).fieldNames()).toIterable().containsExactly(
        "kind", "repository", "pr_number", "agent", "stage", "date", "value", "baseline", "score", "explanation");
    assertThat(tree.get("anomalies").get(0).get("pr_number").isNull()).isTrue();
    assertThat(tree.get("from").asText()).isEqualTo(AnomalyData.SCOPE_FROM.toString());
  }

  private static String countByKind(Set<Planted> planted) {
    return planted.stream().collect(Collectors.groupingBy(Planted::kind, java.util.TreeMap::new, Collectors.counting())).toString();
  }

  private static PricedUsage usage(String id, long pr, int iteration, long nanos, LocalDate day) {
    UsageRecord r = new UsageRecord(id, new Attribution("o/r", pr, "rex", "code", iteration, null), null, "m", "anthropic",
        TokenCounts.of(10, 10), null, null, day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plusSeconds(3600), "test");
    return new PricedUsage(r, "anthropic", Usd.ofNanos(nanos), true);
  }

  static Instant at(String s) {
    return Instant.parse(s);
  }
}
