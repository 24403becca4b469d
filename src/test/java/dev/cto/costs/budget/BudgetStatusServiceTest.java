package dev.cto.costs.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.BudgetLedger.Claim;
import dev.cto.costs.store.jdbc.JdbcStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Budget status over a real SQLite store: periods, spend, reservations, status and projection. */
class BudgetStatusServiceTest {

  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z"); // a Friday, noon
  private static final Team PLATFORM = new Team("platform", java.util.Set.of("5dlabs/cto"), java.util.Set.of("cleo"));

  @TempDir Path dir;
  private JdbcStore store;

  @BeforeEach
  void open() {
    store = JdbcStore.openSqlite(dir.resolve("costs.db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void spend(String id, String repo, Long pr, String agent, String model, String usd, String at) {
    UsageRecord r = new UsageRecord(id, new Attribution(repo, pr, agent, "code", 1, null), "claude", model, "anthropic",
        new TokenCounts(10, 10, 0, 0, 0), null, null, Instant.parse(at), "test");
    store.insert(List.of(new PricedUsage(r, "anthropic", Usd.of(usd), true)));
  }

  private BudgetStatusService service(Budget... budgets) {
    BudgetBook book = new BudgetBook(Map.of("platform", PLATFORM), List.of(budgets), true, false);
    return new BudgetStatusService(store, () -> book, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static Budget budget(String name, BudgetScope scope, BudgetPeriod period, String limit, String... alertAt) {
    return new Budget(name, scope, period, Usd.of(limit), java.util.Arrays.stream(alertAt).map(BigDecimal::new).toList(), true);
  }

  @Test
  void periodsAreUtcDaysWeeksFromMondayAndMonths() {
    Instant late = Instant.parse("2026-12-06T23:59:59.999Z"); // Sunday
    assertThat(BudgetPeriod.DAY.window(late)).isEqualTo(
        new PeriodWindow(Instant.parse("2026-12-06T00:00:00Z"), Instant.parse("2026-12-07T00:00:00Z")));
    assertThat(BudgetPeriod.WEEK.window(late)).isEqualTo(
        new PeriodWindow(Instant.parse("2026-11-30T00:00:00Z"), Instant.parse("2026-12-07T00:00:00Z")));
    assertThat(BudgetPeriod.WEEK.window(Instant.parse("2026-11-30T00:00:00Z")).start())
        .isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
    assertThat(BudgetPeriod.MONTH.window(late)).isEqualTo(
        new PeriodWindow(Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z")));
    assertThat(BudgetPeriod.PR.window(late)).isEqualTo(PeriodWindow.UNBOUNDED);
  }

  @Test
  void aPeriodicBudgetShowsItsPeriodsSpendReservationsStatusAndRunRateProjection() {
    spend("a", "5dlabs/cto", 1L, "rex", "claude-opus-4-5", "3.00", "2026-12-04T01:00:00Z");
    spend("b", "other/repo", 2L, "cleo", "claude-sonnet-4-5", "1.00", "2026-12-04T02:00:00Z");
    spend("c", "other/repo", 2L, "rex", "claude-sonnet-4-5", "50.00", "2026-12-04T03:00:00Z"); // not the team's
    spend("d", "5dlabs/cto", 1L, "rex", "claude-opus-4-5", "70.00", "2026-12-03T23:00:00Z"); // yesterday
    Budget daily = budget("platform-daily", new BudgetScope(false, null, PLATFORM, null, null), BudgetPeriod.DAY, "5", "0.5", "1");
    String key = daily.periodKey(NOW);
    store.reserve("r1", List.of(new Claim(key, daily.scope().spendScope(daily.period().window(NOW)), daily.limit())),
        Usd.of("0.25"), NOW, NOW.plusSeconds(60));

    BudgetStatus s = service(daily).status().budgets().get(0);

    assertThat(s.name()).isEqualTo("platform-daily");
    assertThat(s.scope()).containsExactly(Map.entry("team", "platform"));
    assertThat(s.period()).isEqualTo("day");
    assertThat(s.periodStart()).isEqualTo(Instant.parse("2026-12-04T00:00:00Z"));
    assertThat(s.spentUsd()).isEqualByComparingTo("4");
    assertThat(s.reservedUsd()).isEqualByComparingTo("0.25");
    assertThat(s.remainingUsd()).isEqualByComparingTo("0.75");
    assertThat(s.status()).isEqualTo("warning"); // 4 >= 0.5 × 5
    // 4 dollars in 12 hours: 4 more by midnight
    assertThat(s.projectedEndOfPeriodUsd()).isEqualByComparingTo("8");
    assertThat(s.prs()).isNull();
  }

  @Test
  void statusTurnsExceededAtTheLimitAndRemainingNeverGoesBelowZero() {
    spend("a", "5dlabs/cto", 1L, "rex", "m", "12.00", "2026-12-01T01:00:00Z");
    Budget monthly = budget("m", BudgetScope.EVERYTHING, BudgetPeriod.MONTH, "10");
    Budget roomy = budget("r", BudgetScope.EVERYTHING, BudgetPeriod.MONTH, "100");

    List<BudgetStatus> s = service(monthly, roomy).status().budgets();

    assertThat(s.get(0).status()).isEqualTo("exceeded");
    assertThat(s.get(0).remainingUsd()).isEqualByComparingTo("0");
    assertThat(s.get(1).status()).isEqualTo("ok"); // 12 < 0.8 × 100 without alert_at
  }

  @Test
  void aProjectionInTheFirstMinutesCountsAtLeastAnHourElapsed() {
    PeriodWindow day = BudgetPeriod.DAY.window(NOW);
    Instant early = day.start().plusSeconds(60);

    assertThat(BudgetStatusService.projected(Usd.of("1"), day, early)).isEqualByComparingTo(
        new BigDecimal("1").add(new BigDecimal(86_340).divide(new BigDecimal(3_600), 9, java.math.RoundingMode.HALF_EVEN)));
    assertThat(BudgetStatusService.projected(Usd.of("1"), PeriodWindow.UNBOUNDED, NOW)).isNull();
  }

  @Test
  void aPerPrBudgetListsThePrsClosestToItsLimitAndCanBeAskedForOnePr() {
    spend("a", "5dlabs/cto", 1L, "rex", "m", "3.00", "2026-11-01T01:00:00Z");
    spend("b", "5dlabs/cto", 2L, "rex", "m", "20.00", "2026-12-01T01:00:00Z");
    spend("c", "5dlabs/agents", 1L, "rex", "m", "26.00", "2026-12-02T01:00:00Z");
    spend("d", "5dlabs/cto", null, "rex", "m", "99.00", "2026-12-02T01:00:00Z");
    Budget cap = budget("pr-cap", new BudgetScope(true, null, null, null, null), BudgetPeriod.PR, "25", "0.8", "1.0");

    BudgetStatus s = service(cap).status().budgets().get(0);

    assertThat(s.prs()).extracting(BudgetStatus.PrBudgetStatus::prNumber).containsExactly(1L, 2L, 1L);
    assertThat(s.prs().get(0).repository()).isEqualTo("5dlabs/agents");
    assertThat(s.spentUsd()).isEqualByComparingTo("26");
    assertThat(s.status()).isEqualTo("exceeded");
    assertThat(s.periodStart()).isNull();
    assertThat(s.projectedEndOfPeriodUsd()).isNull();
    assertThat(s.prs().get(1).status()).isEqualTo("warning");
    assertThat(s.prs().get(2).status()).isEqualTo("ok");

    BudgetStatus one = service(cap).statusOfPr("5dlabs/cto", 2).budgets().get(0);
    assertThat(one.prs()).hasSize(1);
    assertThat(one.spentUsd()).isEqualByComparingTo("20");
    assertThat(one.remainingUsd()).isEqualByComparingTo("5");
    assertThat(service(cap).statusOfPr(null, 1).budgets().get(0).prs()).hasSize(2);
  }

  /** The dashboard's date range: each budget as it stood at the range's end; the repository filter. */
  @Test
  void aBudgetReadsAsItStoodBeforeAMomentAndForOneRepository() {
    spend("oct-1", "5dlabs/cto", 1L, "rex", "claude-opus-4-5", "4.00", "2026-10-10T10:00:00Z");
    spend("oct-2", "acme/api", 7L, "rex", "claude-opus-4-5", "2.50", "2026-10-30T10:00:00Z");
    spend("oct-late", "acme/api", 7L, "rex", "claude-opus-4-5", "1.00", "2026-10-31T23:00:00Z"); // after the moment read
    spend("dec-1", "5dlabs/cto", 1L, "rex", "claude-opus-4-5", "9.00", "2026-12-02T10:00:00Z");
    Budget monthly = budget("monthly", BudgetScope.EVERYTHING, BudgetPeriod.MONTH, "100");
    Budget perPr = budget("pr-cap", new BudgetScope(true, null, null, null, null), BudgetPeriod.PR, "10");
    Budget ctoOnly = budget("cto-monthly", new BudgetScope(false, "5dlabs/cto", null, null, null), BudgetPeriod.MONTH, "50");
    BudgetStatusService service = service(monthly, perPr, ctoOnly);
    String key = perPr.key(NOW, "acme/api", 7L);
    store.reserve("live", List.of(new Claim(key, perPr.scope().spendScope(PeriodWindow.UNBOUNDED).forPr("acme/api", 7L), perPr.limit())),
        Usd.of("0.75"), NOW, NOW.plusSeconds(60));

    BudgetReport october = service.statusAt(Instant.parse("2026-10-31T00:00:00Z"), null); // the end of October 30
    assertThatThrownBy(() -> service.statusAt(Instant.parse("2026-10-31T12:00:00Z"), null)).hasMessageContaining("give a date");
    BudgetStatus oct = october.budgets().get(0);
    assertThat(oct.periodStart()).isEqualTo(Instant.parse("2026-10-01T00:00:00Z"));
    assertThat(oct.spentUsd()).isEqualByComparingTo("6.50"); // 4.00 + 2.50: the 23:00 record came after
    assertThat(oct.reservedUsd()).as("calls in flight now are not October's").isEqualByComparingTo("0");
    assertThat(october.budgets().get(1).prs()).extracting(BudgetStatus.PrBudgetStatus::prNumber).containsExactly(1L, 7L);
    assertThat(october.budgets().get(1).prs().get(0).spentUsd()).isEqualByComparingTo("4.00");

    BudgetReport now = service.statusAt(null, null);
    assertThat(now.budgets().get(0).periodStart()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(now.budgets().get(0).spentUsd()).isEqualByComparingTo("9.00");
    assertThat(service.statusAt(NOW.plusSeconds(3600), null)).as("a moment not yet past reads as now").isEqualTo(now);
    assertThat(now.budgets().get(1).prs()).extracting(BudgetStatus.PrBudgetStatus::prNumber).containsExactly(1L, 7L);
    assertThat(now.budgets().get(1).prs().get(1).reservedUsd()).isEqualByComparingTo("0.75");

    BudgetReport acme = service.statusAt(null, "acme/api");
    assertThat(acme.budgets()).extracting(BudgetStatus::name).as("cto-monthly cannot cover acme/api").containsExactly("monthly", "pr-cap");
    assertThat(acme.budgets().get(1).prs()).extracting(BudgetStatus.PrBudgetStatus::repository).containsExactly("acme/api");
    assertThat(acme.budgets().get(1).spentUsd()).isEqualByComparingTo("3.50");
    assertThat(acme.budgets().get(1).reservedUsd()).isEqualByComparingTo("0.75");
    assertThat(service.statusAt(null, "5dlabs/cto").budgets()).extracting(BudgetStatus::name).containsExactly("monthly", "pr-cap", "cto-monthly");
  }
}
