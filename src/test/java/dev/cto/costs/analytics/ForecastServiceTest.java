package dev.cto.costs.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cto.costs.analytics.stats.WeekdayRunRateForecast;
import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.jdbc.JdbcStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code costs forecast} on a real SQLite store: as-of replay, the budget's crossing day, month edges, no history. */
class ForecastServiceTest {

  /** "Today" in these tests: 2026-12-04, noon UTC. */
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);
  private static final BigDecimal TEN = new BigDecimal("10");

  @TempDir Path dir;
  private JdbcStore store;
  private int ids;

  @BeforeEach
  void open() {
    store = JdbcStore.openSqlite(dir.resolve("costs.db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private ForecastService service() {
    return new ForecastService(store, MonthlyBudget.NONE);
  }

  private ForecastReport forecast(String month, String asOf, String budget) {
    return service().forecast(ForecastRequest.parse(month, asOf, budget, null, null, CLOCK));
  }

  private void spend(String agent, LocalDate day, String usd, String time) {
    UsageRecord r = new UsageRecord("f" + (++ids), new Attribution("5dlabs/cto", 1L, agent, "code", 1, null), "claude",
        "claude-sonnet-4-5", "anthropic", TokenCounts.of(10, 10), null, null,
        Instant.parse(day + "T" + time + "Z"), "test");
    store.insert(List.of(new PricedUsage(r, "anthropic", Usd.of(usd), true)));
  }

  /** $10 every day (one record at noon) from {@code first} to {@code last}. */
  private void steady(LocalDate first, LocalDate last) {
    List<PricedUsage> batch = new ArrayList<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      UsageRecord r = new UsageRecord("s" + d, new Attribution("5dlabs/cto", 1L, "rex", "code", 1, null), "claude",
          "claude-sonnet-4-5", "anthropic", TokenCounts.of(10, 10), null, null,
          d.atTime(12, 0).toInstant(ZoneOffset.UTC), "test");
      batch.add(new PricedUsage(r, "anthropic", Usd.of(TEN), true));
    }
    store.insert(batch);
  }

  @Test
  void asOfReplaysThePastIgnoringEveryLaterRecord() {
    Random random = new Random(3);
    List<String> lines = new ArrayList<>();
    for (LocalDate d = LocalDate.of(2026, 8, 1); !d.isAfter(LocalDate.of(2026, 11, 30)); d = d.plusDays(1)) {
      String usd = BigDecimal.valueOf(50_000 + random.nextInt(100_000), 3).toPlainString(); // $50–150, exact to the mill
      lines.add(d + " " + usd);
    }
    // the store as it was at the end of 2026-11-10 ...
    lines.stream().filter(l -> !LocalDate.parse(l.substring(0, 10)).isAfter(LocalDate.of(2026, 11, 10)))
        .forEach(l -> spend("rex", LocalDate.parse(l.substring(0, 10)), l.substring(11), "09:30:00"));
    spend("rex", LocalDate.of(2026, 11, 10), "0.000000001", "23:59:59.999"); // the as-of day's last instant counts
    ForecastReport then = forecast("2026-11", "2026-11-10", null);
    // ... and after the rest of the month arrived, replayed as of that day: the same answer
    lines.stream().filter(l -> LocalDate.parse(l.substring(0, 10)).isAfter(LocalDate.of(2026, 11, 10)))
        .forEach(l -> spend("cleo", LocalDate.parse(l.substring(0, 10)), l.substring(11), "00:00:00"));
    ForecastReport replayed = forecast("2026-11", "2026-11-10", null);

    assertThat(replayed).isEqualTo(then);
    BigDecimal spent = lines.stream().filter(l -> l.startsWith("2026-11-") && l.compareTo("2026-11-11") < 0)
        .map(l -> new BigDecimal(l.substring(11))).reduce(new BigDecimal("0.000000001"), BigDecimal::add);
    assertThat(replayed.spentUsd()).isEqualByComparingTo(spent);
    assertThat(replayed.asOf()).isEqualTo(LocalDate.of(2026, 11, 10));
    assertThat(replayed.daysElapsed()).isEqualTo(10);
    assertThat(replayed.daysInMonth()).isEqualTo(30);
    assertThat(replayed.method()).isEqualTo(WeekdayRunRateForecast.METHOD);
    assertThat(replayed.confidence()).isEqualByComparingTo("0.8");
    assertThat(replayed.lowUsd()).isLessThanOrEqualTo(replayed.projectedTotalUsd());
    assertThat(replayed.highUsd()).isGreaterThan(replayed.projectedTotalUsd());
    // and the whole month as of its end is the exact actual total
    ForecastReport whole = forecast("2026-11", null, null);
    BigDecimal actual = lines.stream().filter(l -> l.startsWith("2026-11-")).map(l -> new BigDecimal(l.substring(11)))
        .reduce(new BigDecimal("0.000000001"), BigDecimal::add);
    assertThat(whole.spentUsd()).isEqualByComparingTo(actual);
  }

  @Test
  void theBudgetIsCrossedOnTheFirstDayTheRunningTotalExceedsIt() {
    steady(LocalDate.of(2026, 6, 1), LocalDate.of(2026, 11, 10));
    // $10 a day every day: spent $100 by the 10th, projected $10 a day for the 20 days left
    ForecastReport steadyMonth = forecast("2026-11", "2026-11-10", "155");
    assertThat(steadyMonth.spentUsd()).isEqualByComparingTo("100");
    assertThat(steadyMonth.projectedTotalUsd()).isEqualByComparingTo("300");
    assertThat(steadyMonth.budgetUsd()).isEqualByComparingTo("155");
    assertThat(steadyMonth.projectedOverBudgetOn()).isEqualTo(LocalDate.of(2026, 11, 16)); // $160 > $155
    // reaching the budget exactly is not over it: $150 on the 15th, $160 on the 16th
    assertThat(forecast("2026-11", "2026-11-10", "150").projectedOverBudgetOn()).isEqualTo(LocalDate.of(2026, 11, 16));
    assertThat(forecast("2026-11", "2026-11-10", "299.999999999").projectedOverBudgetOn()).isEqualTo(LocalDate.of(2026, 11, 30));
    assertThat(forecast("2026-11", "2026-11-10", "300").projectedOverBudgetOn()).isNull();
    // already over: the day the actual spend crossed it
    assertThat(forecast("2026-11", "2026-11-10", "45").projectedOverBudgetOn()).isEqualTo(LocalDate.of(2026, 11, 5));
    assertThat(forecast("2026-11", "2026-11-10", null).budgetUsd()).isNull();
    assertThat(forecast("2026-11", "2026-11-10", null).projectedOverBudgetOn()).isNull();
  }

  @Test
  void theConfiguredBudgetAppliesWithoutBudgetAndOnlyToAllSpend() {
    steady(LocalDate.of(2026, 9, 1), LocalDate.of(2026, 11, 10));
    ForecastService configured = new ForecastService(store, month -> month.equals(YearMonth.of(2026, 11)) ? new BigDecimal("200") : null);
    ForecastReport all = configured.forecast(ForecastRequest.parse("2026-11", "2026-11-10", null, null, null, CLOCK));
    assertThat(all.budgetUsd()).isEqualByComparingTo("200");
    assertThat(all.projectedOverBudgetOn()).isEqualTo(LocalDate.of(2026, 11, 21));
    assertThat(configured.forecast(ForecastRequest.parse("2026-11", "2026-11-10", "250", null, null, CLOCK)).budgetUsd())
        .isEqualByComparingTo("250");
    assertThat(configured.forecast(ForecastRequest.parse("2026-11", "2026-11-10", null, null, "rex", CLOCK)).budgetUsd()).isNull();
  }

  @Test
  void aFinishedMonthIsItsActualTotalWithAZeroWidthInterval() {
    steady(LocalDate.of(2026, 9, 20), LocalDate.of(2026, 11, 3));
    spend("rex", LocalDate.of(2026, 11, 1), "7", "00:00:00"); // the next month's first instant: not October's
    ForecastReport october = forecast("2026-10", null, null);
    assertThat(october.asOf()).isEqualTo(LocalDate.of(2026, 10, 31));
    assertThat(october.daysElapsed()).isEqualTo(31);
    assertThat(october.daysInMonth()).isEqualTo(31);
    assertThat(List.of(october.spentUsd(), october.projectedTotalUsd(), october.lowUsd(), october.highUsd()))
        .allSatisfy(v -> assertThat(v).isEqualByComparingTo("310"));
    assertThat(october.method()).isEqualTo(ForecastService.ACTUAL);
    // an as-of after the month's end is its last day: the same answer
    assertThat(forecast("2026-10", "2026-11-20", null)).isEqualTo(october);
    // a leap February has 29 days
    assertThat(forecast("2024-02", null, null).daysInMonth()).isEqualTo(29);
  }

  @Test
  void noHistoryGivesZerosAndNoCrossing() {
    ForecastReport empty = forecast(null, null, "100");
    assertThat(empty.month()).isEqualTo(YearMonth.of(2026, 12));
    assertThat(empty.asOf()).isEqualTo(LocalDate.of(2026, 12, 4));
    assertThat(List.of(empty.spentUsd(), empty.projectedTotalUsd(), empty.lowUsd(), empty.highUsd()))
        .allSatisfy(v -> assertThat(v).isZero());
    assertThat(empty.projectedOverBudgetOn()).isNull();
  }

  @Test
  void badInputNamesTheParameter() {
    assertThatThrownBy(() -> forecast("2026-13", null, null)).hasMessageStartingWith("month: '2026-13' is not a month");
    assertThatThrownBy(() -> forecast("2027-01", null, null)).hasMessage("month: 2027-01 has not begun (today is 2026-12-04)");
    assertThatThrownBy(() -> forecast("2026-11", "2026-10-31", null)).hasMessage("as-of: 2026-10-31 is before 2026-11, the month to forecast");
    assertThatThrownBy(() -> forecast(null, "2026-12-05", null)).hasMessageStartingWith("as-of: 2026-12-05 is after today (2026-12-04)");
    assertThatThrownBy(() -> forecast(null, "yesterday", null)).hasMessageStartingWith("as-of: 'yesterday' is not a day");
    assertThatThrownBy(() -> forecast(null, null, "lots")).hasMessageStartingWith("budget: 'lots' is not an amount in USD");
    assertThatThrownBy(() -> forecast(null, null, "-5")).hasMessageStartingWith("budget: must be more than 0");
    assertThatThrownBy(() -> forecast(null, null, "1e30")).hasMessageStartingWith("budget: must be more than 0 and at most");
  }
}
