package dev.cto.costs.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.domain.Announcement;
import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.BudgetLedger.PrSpend;
import dev.cto.costs.store.jdbc.JdbcStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The budget alerts as {@code serve} raises them (status, the PRs past their floor, the rules, the
 * store's once-only outbox), over a real SQLite store and a clock moved by hand: each crossing and
 * forecast is announced exactly once per period, for every PR, and a new period starts afresh.
 */
class BudgetAlertsOncePerPeriodTest {

  @TempDir Path dir;
  private JdbcStore store;
  private MutableClock clock;
  private int ids;

  @BeforeEach
  void open() {
    store = JdbcStore.openSqlite(dir.resolve("costs.db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void spend(long pr, String usd, String at) {
    UsageRecord r = new UsageRecord("r" + ids++, new Attribution("5dlabs/cto", pr, "rex", "code", 1, null), "claude",
        "claude-opus-4-5", "anthropic", new TokenCounts(10, 10, 0, 0, 0), null, null, Instant.parse(at), "test");
    store.insert(List.of(new PricedUsage(r, "anthropic", Usd.of(usd), true)));
  }

  private static Budget budget(String name, boolean eachPr, BudgetPeriod period, String limit, String... alertAt) {
    return new Budget(name, new BudgetScope(eachPr, null, null, null, null), period, Usd.of(limit),
        Arrays.stream(alertAt).map(BigDecimal::new).toList(), false);
  }

  private BudgetStatusService service(Budget... budgets) {
    BudgetBook book = new BudgetBook(Map.of(), List.of(budgets), true, false);
    return new BudgetStatusService(store, () -> book, clock);
  }

  /** One look, as CollectorService.refreshBudgets takes it every few seconds. */
  private void look(BudgetStatusService service, Budget... budgets) {
    BudgetReport report = service.status();
    BudgetBook book = new BudgetBook(Map.of(), List.of(budgets), true, false);
    BudgetAlerts.due(book, report, service.prsForAlerts(report), clock.instant()).forEach(store::announce);
  }

  /** How many times each subject of the event was announced. */
  private Map<String, Long> announced(String event) {
    return store.announcements(event, 10_000).stream()
        .collect(Collectors.groupingBy(Announcement::subject, Collectors.counting()));
  }

  @Test
  void everyPrPastAnAlertAtIsAnnouncedOnceNotOnlyTheTenTheStatusLists() {
    clock = new MutableClock(Instant.parse("2026-12-05T12:00:00Z"));
    Budget cap = budget("pr-cap", true, BudgetPeriod.PR, "10", "0.5", "1.0");
    BudgetStatusService service = service(cap);
    // PRs 1..14 spent $6..$19: all past 50 %, PRs 5..14 past 100 % (and the ten the status lists)
    for (long pr = 1; pr <= 14; pr++) {
      spend(pr, String.valueOf(5 + pr), "2026-12-04T10:00:00Z");
    }
    // PRs 101..130 spent $1 each: under every floor, never read for the alerts
    for (long pr = 101; pr <= 130; pr++) {
      spend(pr, "1", "2026-12-04T10:00:00Z");
    }

    for (int i = 0; i < 3; i++) {
      look(service, cap);
      clock.advance(Duration.ofMinutes(1));
    }

    assertThat(service.status().budgets().get(0).prs()).as("the status view stays capped").hasSize(BudgetStatusService.PRS_SHOWN)
        .extracting(BudgetStatus.PrBudgetStatus::prNumber).doesNotContain(1L, 2L, 3L, 4L);
    assertThat(service.prsForAlerts(service.status()).get("pr-cap")).extracting(PrSpend::prNumber)
        .as("only the PRs past the lowest alert_at, however many").containsExactlyInAnyOrder(
            1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L);
    Map<String, Long> thresholds = announced(BudgetAlerts.THRESHOLD);
    assertThat(thresholds).hasSize(14 + 10).allSatisfy((subject, times) -> assertThat(times).as(subject).isEqualTo(1));
    for (long pr = 1; pr <= 14; pr++) {
      assertThat(thresholds).containsKey("pr-cap|pr|5dlabs/cto#" + pr + "|0.5");
      assertThat(thresholds.containsKey("pr-cap|pr|5dlabs/cto#" + pr + "|1")).as("PR " + pr).isEqualTo(pr >= 5);
    }

    // PR 1, the 14th closest to its limit, now crosses 100 %: announced, once
    spend(1, "5", "2026-12-05T12:10:00Z");
    for (int i = 0; i < 3; i++) {
      look(service, cap);
      clock.advance(Duration.ofMinutes(1));
    }
    thresholds = announced(BudgetAlerts.THRESHOLD);
    assertThat(thresholds).hasSize(14 + 11).containsEntry("pr-cap|pr|5dlabs/cto#1|1", 1L)
        .allSatisfy((subject, times) -> assertThat(times).as(subject).isEqualTo(1));
    assertThat(announced(BudgetAlerts.FORECAST)).as("a PR's whole life has no end to forecast").isEmpty();
  }

  @Test
  void theForecastIsAnnouncedExactlyOncePerPeriodAndANewPeriodStartsAfresh() {
    // December 5th, 00:00: 4 of December's 31 days (12.9 %) have passed, past the 10 % a forecast waits for
    clock = new MutableClock(Instant.parse("2026-12-05T00:00:00Z"));
    Budget monthly = budget("monthly", false, BudgetPeriod.MONTH, "100", "0.5", "0.9");
    BudgetStatusService service = service(monthly);
    for (int day = 1; day <= 4; day++) {
      spend(1, "10", "2026-12-0" + day + "T10:00:00Z"); // $10 a day runs out on the 11th
    }

    // a day of looks, every hour, with spend going on: the run-out date moves, the forecast stays one
    for (int hour = 0; hour < 24; hour++) {
      look(service, monthly);
      spend(1, "0.5", clock.instant().toString());
      clock.advance(Duration.ofHours(1));
    }

    Map<String, Long> forecasts = announced(BudgetAlerts.FORECAST);
    assertThat(forecasts).containsExactly(Map.entry("monthly|month:2026-12-01", 1L));
    assertThat(store.announcements(BudgetAlerts.FORECAST, 10).get(0).text())
        .startsWith("At this rate, budget 'monthly' (everything) runs out on 2026-12-11: $40.00 of $100.00");
    // $40 + 24 × $0.50 = $52: past 50 % once, not yet 90 %
    assertThat(announced(BudgetAlerts.THRESHOLD)).containsExactly(Map.entry("monthly|month:2026-12-01|0.5", 1L));

    // January: December's spend no longer counts; the same crossings and the forecast come again, once each
    clock = new MutableClock(Instant.parse("2027-01-05T00:00:00Z"));
    service = service(monthly);
    for (int day = 1; day <= 4; day++) {
      spend(1, "13", "2027-01-0" + day + "T10:00:00Z"); // $52 by the 5th, $13 a day: out on the 8th
    }
    for (int hour = 0; hour < 24; hour++) {
      look(service, monthly);
      clock.advance(Duration.ofHours(1));
    }

    assertThat(announced(BudgetAlerts.FORECAST)).containsOnly(
        Map.entry("monthly|month:2026-12-01", 1L), Map.entry("monthly|month:2027-01-01", 1L));
    assertThat(store.announcements(BudgetAlerts.FORECAST, 10).stream().map(Announcement::text)
        .filter(t -> t.contains("runs out on 2027-01-08"))).hasSize(1);
    assertThat(announced(BudgetAlerts.THRESHOLD)).containsOnly(
        Map.entry("monthly|month:2026-12-01|0.5", 1L), Map.entry("monthly|month:2027-01-01|0.5", 1L));
  }

  @Test
  void aPerPrDailyBudgetForecastsEveryPrOnCourseToRunOutOncePerDay() {
    // noon: half the day gone, so a PR past $5 of its $10 projects past the limit
    clock = new MutableClock(Instant.parse("2026-12-05T12:00:00Z"));
    Budget daily = budget("pr-daily", true, BudgetPeriod.DAY, "10");
    BudgetStatusService service = service(daily);
    for (long pr = 1; pr <= 12; pr++) {
      spend(pr, "6", "2026-12-05T06:00:00Z");
    }
    spend(50, "4", "2026-12-05T06:00:00Z"); // projects $8: within the limit
    spend(51, "6", "2026-12-04T06:00:00Z"); // yesterday's

    for (int i = 0; i < 3; i++) {
      look(service, daily);
      clock.advance(Duration.ofMinutes(10));
    }
    Map<String, Long> forecasts = announced(BudgetAlerts.FORECAST);
    assertThat(forecasts).hasSize(12).allSatisfy((subject, times) -> assertThat(times).as(subject).isEqualTo(1));
    assertThat(forecasts).containsKey("pr-daily|day:2026-12-05|5dlabs/cto#12");
    Map<Long, String> text = store.announcements(BudgetAlerts.FORECAST, 100).stream()
        .collect(Collectors.toMap(a -> Long.parseLong(a.subject().substring(a.subject().indexOf('#') + 1)),
            Announcement::text));
    assertThat(text.get(11L)).contains(" on 5dlabs/cto#11 this day").contains("runs out on 2026-12-05");

    // the next day starts afresh: only the PRs on course today
    clock = new MutableClock(Instant.parse("2026-12-06T18:00:00Z"));
    service = service(daily);
    spend(3, "9", "2026-12-06T01:00:00Z");
    look(service, daily);
    look(service, daily);
    assertThat(announced(BudgetAlerts.FORECAST)).hasSize(13)
        .containsEntry("pr-daily|day:2026-12-06|5dlabs/cto#3", 1L)
        .allSatisfy((subject, times) -> assertThat(times).isEqualTo(1));
  }
}
