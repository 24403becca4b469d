package dev.cto.costs.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.PricingCatalog;
import dev.cto.costs.domain.Thresholds;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.Dimension;
import dev.cto.costs.store.GroupTotals;
import dev.cto.costs.store.UsageFilter;
import dev.cto.costs.store.jdbc.JdbcStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The summary folded from two GROUP BYs ({@link SummaryFold}) equals the one the database builds
 * with a GROUP BY per breakdown, on a real SQLite file holding random usage (unpriced calls, calls
 * without a PR or provider, equal costs that only the key order separates).
 */
class SummaryFoldTest {

  private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant UNTIL = Instant.parse("2026-04-01T00:00:00Z");

  @TempDir Path dir;
  private JdbcStore store;
  private ReportService reports;

  @BeforeEach
  void open() {
    store = JdbcStore.openSqlite(dir.resolve("costs.db"));
    reports = new ReportService(store, () -> new CostSettings(true, new Thresholds(Usd.of("1"), Usd.of("5")), null, PricingCatalog.empty()));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void seed(long seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    String[] repos = {"5dlabs/cto", "acme/api", ""};
    String[] agents = {"rex", "blaze", "cleo", "<b>tess</b>"};
    String[] stages = {"code", "qa", "intake"};
    String[] models = {"claude-sonnet", "gpt-5", "mystery"};
    List<PricedUsage> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String repo = repos[random.nextInt(repos.length)];
      Long pr = random.nextInt(5) == 0 ? null : (long) (1 + random.nextInt(12));
      String model = models[random.nextInt(models.length)];
      boolean priced = !model.equals("mystery");
      String provider = model.startsWith("gpt") ? "openai" : priced ? "anthropic" : null;
      // few distinct sizes: many groups tie on cost, so the key order decides
      long in = 1000L * (1 + random.nextInt(3));
      long out = 100L * (1 + random.nextInt(2));
      Instant at = FROM.plusSeconds(random.nextLong(31L * 86_400));
      UsageRecord r = new UsageRecord("r" + seed + "-" + i,
          new Attribution(repo.isEmpty() ? null : repo, pr, agents[random.nextInt(agents.length)], stages[random.nextInt(stages.length)],
              1 + random.nextInt(4), null),
          "claude", model, provider, TokenCounts.of(in, out), null, null, at, "test");
      batch.add(new PricedUsage(r, provider, priced ? Usd.ofNanos((in * 3 + out * 15) * 1000) : Usd.ZERO, priced));
    }
    store.insert(batch);
  }

  @Test
  void theFoldEqualsAGroupByPerBreakdown() {
    seed(7, 3000);
    for (String repo : new String[] {null, "acme/api"}) {
      Overview overview = reports.overview(FROM, UNTIL, repo);
      Summary s = overview.summary();
      UsageFilter filter = new UsageFilter(repo, null, null, FROM, UNTIL, null);
      GroupTotals total = store.totals(filter);
      assertThat(s.records()).isEqualTo(total.records()).isGreaterThan(500);
      assertThat(s.totalCostUsd()).isEqualByComparingTo(new BigDecimal(total.cost().toPlainString()));
      assertThat(s.totalInputTokens()).isEqualTo(total.tokens().input());
      assertThat(s.unpricedRecords()).isEqualTo(total.unpricedRecords()).isPositive();
      assertThat(s.byAgent()).extracting(a -> a.agent() + " " + a.costUsd().toPlainString() + " " + a.records())
          .containsExactlyElementsOf(lines(store.aggregate(filter, Dimension.AGENT)));
      assertThat(s.byModel()).extracting(m -> m.model() + "/" + m.provider() + " " + m.costUsd().toPlainString() + " " + m.records())
          .containsExactlyElementsOf(store.aggregate(filter, Dimension.MODEL, Dimension.PROVIDER).stream()
              .map(g -> g.string(0) + "/" + g.string(1) + " " + g.cost().toPlainString() + " " + g.records()).toList());
      assertThat(s.byStage()).extracting(st -> st.stage() + " " + st.costUsd().toPlainString() + " " + st.records())
          .containsExactlyElementsOf(lines(store.aggregate(filter, Dimension.STAGE)));
      List<GroupTotals> prs = store.aggregate(filter, List.of(Dimension.REPOSITORY, Dimension.PR), 0).stream()
          .filter(g -> g.pr(1) != null).toList();
      assertThat(s.prs()).isEqualTo(prs.size());
      assertThat(s.topPrs()).extracting(p -> p.repository() + "#" + p.prNumber() + " " + p.costUsd().toPlainString() + " " + p.iterations())
          .containsExactlyElementsOf(prs.stream().limit(10)
              .map(g -> (g.string(0).isEmpty() ? null : g.string(0)) + "#" + g.pr(1) + " " + g.cost().toPlainString() + " " + g.maxIteration())
              .toList());
      assertThat(s.byDay()).extracting(d -> d.date() + " " + d.costUsd().toPlainString() + " " + d.records())
          .containsExactlyElementsOf(store.aggregate(filter, Dimension.DAY).stream()
              .sorted(Comparator.comparing(g -> (LocalDate) g.key().get(0)))
              .map(g -> g.key().get(0) + " " + g.cost().toPlainString() + " " + g.records()).toList());
      assertThat(s.unpriced()).extracting(u -> u.model() + " " + u.records() + " " + u.inputTokens())
          .containsExactlyElementsOf(store.aggregate(filter.withPriced(false), Dimension.MODEL).stream()
              .map(g -> g.string(0) + " " + g.records() + " " + g.tokens().input()).toList());
      // the stacked chart: per day, agents by cost then name, as the database orders (DAY, AGENT)
      assertThat(overview.dailyByAgent()).extracting(d -> d.date() + " " + d.agent() + " " + d.costUsd().toPlainString())
          .containsExactlyElementsOf(store.aggregate(filter, Dimension.DAY, Dimension.AGENT).stream()
              .sorted(Comparator.comparing(g -> (LocalDate) g.key().get(0)))
              .map(g -> g.key().get(0) + " " + g.string(1) + " " + g.cost().toPlainString()).toList());
    }
  }

  @Test
  void anEmptyPeriodIsAZeroSummary() {
    seed(3, 50);
    Summary s = reports.summary(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-02-01T00:00:00Z"), null);
    assertThat(s.records()).isZero();
    assertThat(s.totalCostUsd()).isEqualByComparingTo("0");
    assertThat(s.prs()).isZero();
    assertThat(s.byAgent()).isEmpty();
    assertThat(s.byDay()).isEmpty();
    assertThat(s.topPrs()).isEmpty();
  }

  private static List<String> lines(List<GroupTotals> rows) {
    return rows.stream().map(g -> g.string(0) + " " + g.cost().toPlainString() + " " + g.records()).toList();
  }
}
