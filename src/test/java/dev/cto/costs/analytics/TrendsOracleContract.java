package dev.cto.costs.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.CostQueries;
import dev.cto.costs.store.UsageStore;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code costs trends} against an oracle: generated records (several repositories and none,
 * agents, models, stages; timestamps on day edges; records outside the range) are summed here
 * independently, in BigDecimal, per key and period, and every series and point must match exactly.
 * Typed to the ports, like the store contract, and run on each backend.
 */
abstract class TrendsOracleContract<S extends UsageStore & CostQueries> {

  private static final String[] REPOS = {"5dlabs/cto", "5dlabs/agents", null};
  private static final String[] AGENTS = {"rex", "blaze", "cleo", "tess", "morgan"};
  private static final String[] MODELS = {"claude-sonnet-4-5", "gpt-5", "claude-opus-4-5", "claude-haiku-4-5"};
  private static final String[] STAGES = {"code", "qa", "security", "intake"};
  private static final LocalDate FIRST = LocalDate.of(2026, 7, 20);
  private static final int DAYS = 120;

  protected S store;
  private List<UsageRecord> records;
  private Map<String, Long> costs;

  protected abstract S newEmptyStore() throws Exception;

  @BeforeEach
  void fill() throws Exception {
    store = newEmptyStore();
    Random random = new Random(15);
    records = new ArrayList<>();
    costs = new java.util.HashMap<>();
    List<PricedUsage> batch = new ArrayList<>();
    for (int i = 0; i < 6_000; i++) {
      LocalDate day = FIRST.plusDays(random.nextInt(DAYS));
      if (day.getDayOfWeek() == DayOfWeek.SUNDAY && random.nextInt(3) > 0) {
        continue; // quiet weekends, and some idle days
      }
      long second = switch (random.nextInt(10)) {
        case 0 -> 0; // exactly midnight: this day
        case 1 -> 86_399; // the last second: still this day
        default -> random.nextInt(86_400);
      };
      Instant at = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(second).plusMillis(random.nextInt(1000));
      String agent = AGENTS[random.nextInt(AGENTS.length)];
      String repo = REPOS[random.nextInt(REPOS.length)];
      UsageRecord r = new UsageRecord("r" + i,
          new Attribution(repo, repo == null ? null : 100L + random.nextInt(40), agent, STAGES[random.nextInt(STAGES.length)],
              1 + random.nextInt(4), null),
          "claude", MODELS[random.nextInt(MODELS.length)], "anthropic",
          new TokenCounts(random.nextInt(50_000), random.nextInt(8_000), 0, 0, random.nextInt(3) == 0 ? random.nextInt(90_000) : 0),
          null, null, at, "test");
      long nanos = random.nextInt(5) == 0 ? 0 : 1 + (long) (random.nextDouble() * 2_000_000_000L); // some unpriced
      records.add(r);
      costs.put(r.id(), nanos);
      batch.add(new PricedUsage(r, nanos == 0 ? null : "anthropic", Usd.ofNanos(nanos), nanos != 0));
      if (batch.size() == 500) {
        store.insert(batch);
        batch.clear();
      }
    }
    store.insert(batch);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void everyDimensionAndPeriodMatchesTheOracleExactly() {
    TrendsService service = new TrendsService(store);
    // a range that starts mid-week and mid-month and leaves records out at both ends
    AnalyticsScope scope = new AnalyticsScope(LocalDate.of(2026, 8, 6), LocalDate.of(2026, 10, 28), null, null);
    for (TrendDimension by : TrendDimension.values()) {
      for (TrendPeriod period : TrendPeriod.values()) {
        assertMatches(service.trends(scope, by, period), oracle(scope, by, period), by + " per " + period);
      }
    }
  }

  @Test
  void repositoryAndAgentNarrowTheSeriesAsTheOracleDoes() {
    TrendsService service = new TrendsService(store);
    AnalyticsScope rex = new AnalyticsScope(LocalDate.of(2026, 7, 1), LocalDate.of(2026, 11, 30), null, "rex");
    assertMatches(service.trends(rex, TrendDimension.MODEL, TrendPeriod.WEEK), oracle(rex, TrendDimension.MODEL, TrendPeriod.WEEK),
        "rex by model");
    AnalyticsScope noRepo = new AnalyticsScope(LocalDate.of(2026, 9, 1), LocalDate.of(2026, 9, 30), "", null);
    TrendsReport none = service.trends(noRepo, TrendDimension.REPOSITORY, TrendPeriod.DAY);
    assertMatches(none, oracle(noRepo, TrendDimension.REPOSITORY, TrendPeriod.DAY), "work without a repository");
    assertThat(none.series()).extracting(TrendsReport.Series::key).containsExactly("");
  }

  @Test
  void aRangeWithoutUsageHasAZeroTotalSeriesAndNoKeyedSeries() {
    TrendsService service = new TrendsService(store);
    AnalyticsScope empty = new AnalyticsScope(LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 20), null, null);
    TrendsReport total = service.trends(empty, TrendDimension.TOTAL, TrendPeriod.WEEK);
    assertThat(total.series()).hasSize(1);
    assertThat(total.series().get(0).key()).isEqualTo("total");
    // 2026-12-28 (the Monday of Jan 1st's week) to the week of Jan 20th: 4 weeks, all zero
    assertThat(total.series().get(0).points()).extracting(TrendsReport.Point::start)
        .containsExactly(LocalDate.of(2026, 12, 28), LocalDate.of(2027, 1, 4), LocalDate.of(2027, 1, 11), LocalDate.of(2027, 1, 18));
    assertThat(total.series().get(0).points()).allSatisfy(p -> {
      assertThat(p.costUsd()).isZero();
      assertThat(p.records()).isZero();
    });
    assertThat(service.trends(empty, TrendDimension.AGENT, TrendPeriod.WEEK).series()).isEmpty();
  }

  /** The expected report, from the generated records alone: no store, no service code. */
  private TrendsReport oracle(AnalyticsScope scope, TrendDimension by, TrendPeriod period) {
    Function<LocalDate, LocalDate> startOf = switch (period) {
      case DAY -> d -> d;
      case WEEK -> d -> d.minusDays(d.getDayOfWeek().getValue() - 1L);
      case MONTH -> d -> LocalDate.of(d.getYear(), d.getMonth(), 1);
    };
    List<LocalDate> starts = new ArrayList<>();
    for (LocalDate s = startOf.apply(scope.from()); !s.isAfter(scope.to());
        s = period == TrendPeriod.DAY ? s.plusDays(1) : period == TrendPeriod.WEEK ? s.plusDays(7) : s.plusMonths(1)) {
      starts.add(s);
    }
    Map<String, Map<LocalDate, long[]>> sums = new TreeMap<>();
    Map<String, BigDecimal[]> money = new TreeMap<>();
    if (by == TrendDimension.TOTAL) {
      sums.put("total", new TreeMap<>());
    }
    for (UsageRecord r : records) {
      LocalDate day = r.timestamp().atZone(ZoneOffset.UTC).toLocalDate();
      String repo = r.attribution().repository() == null ? "" : r.attribution().repository();
      if (day.isBefore(scope.from()) || day.isAfter(scope.to())
          || scope.agent() != null && !scope.agent().equals(r.attribution().agent())
          || scope.repository() != null && !scope.repository().equals(repo)) {
        continue;
      }
      String key = switch (by) {
        case TOTAL -> "total";
        case AGENT -> r.attribution().agent();
        case MODEL -> r.model();
        case STAGE -> r.attribution().stage();
        case REPOSITORY -> repo;
      };
      long[] s = sums.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(startOf.apply(day), d -> new long[3]);
      s[0]++;
      s[1] += r.tokens().input();
      s[2] += r.tokens().output();
      BigDecimal[] m = money.computeIfAbsent(key + "\u0000" + startOf.apply(day), k -> new BigDecimal[] {BigDecimal.ZERO});
      m[0] = m[0].add(BigDecimal.valueOf(costs.get(r.id()), 9));
    }
    List<TrendsReport.Series> series = new ArrayList<>();
    sums.forEach((key, byStart) -> {
      List<TrendsReport.Point> points = new ArrayList<>();
      BigDecimal total = BigDecimal.ZERO;
      for (LocalDate start : starts) {
        long[] s = byStart.getOrDefault(start, new long[3]);
        BigDecimal cost = money.getOrDefault(key + "\u0000" + start, new BigDecimal[] {BigDecimal.ZERO})[0];
        total = total.add(cost);
        points.add(new TrendsReport.Point(start, cost, s[0], s[1], s[2]));
      }
      series.add(new TrendsReport.Series(key, total, points));
    });
    series.sort(Comparator.comparing(TrendsReport.Series::totalCostUsd).reversed().thenComparing(TrendsReport.Series::key));
    return new TrendsReport(by.label(), period.label(), scope.from(), scope.to(), series);
  }

  private static void assertMatches(TrendsReport actual, TrendsReport expected, String what) {
    assertThat(actual.by()).isEqualTo(expected.by());
    assertThat(actual.period()).isEqualTo(expected.period());
    assertThat(actual.from()).isEqualTo(expected.from());
    assertThat(actual.to()).isEqualTo(expected.to());
    assertThat(actual.series()).as(what).extracting(TrendsReport.Series::key)
        .containsExactlyElementsOf(expected.series().stream().map(TrendsReport.Series::key).toList());
    for (int i = 0; i < expected.series().size(); i++) {
      TrendsReport.Series e = expected.series().get(i);
      TrendsReport.Series a = actual.series().get(i);
      assertThat(a.totalCostUsd()).as("%s: total of %s", what, e.key()).isEqualByComparingTo(e.totalCostUsd());
      assertThat(a.points()).as("%s: periods of %s", what, e.key()).hasSameSizeAs(e.points());
      for (int p = 0; p < e.points().size(); p++) {
        TrendsReport.Point ep = e.points().get(p);
        TrendsReport.Point ap = a.points().get(p);
        assertThat(ap.start()).as("%s: %s point %d", what, e.key(), p).isEqualTo(ep.start());
        assertThat(ap.costUsd()).as("%s: %s cost on %s", what, e.key(), ep.start()).isEqualByComparingTo(ep.costUsd());
        assertThat(List.of(ap.records(), ap.inputTokens(), ap.outputTokens()))
            .as("%s: %s counts on %s", what, e.key(), ep.start())
            .containsExactly(ep.records(), ep.inputTokens(), ep.outputTokens());
      }
    }
  }
}
