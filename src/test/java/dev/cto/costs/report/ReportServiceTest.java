package dev.cto.costs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.PricingCatalog;
import dev.cto.costs.domain.Thresholds;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.jdbc.JdbcStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports built by real GROUP BY queries on a real SQLite file. */
class ReportServiceTest {

  @TempDir Path dir;
  private JdbcStore store;
  private ReportService reports;

  @BeforeEach
  void open() {
    store = JdbcStore.openSqlite(dir.resolve("costs.db"));
    reports = new ReportService(store, () -> new CostSettings(true, new Thresholds(Usd.of("0.03"), Usd.of("1")), null, PricingCatalog.empty()));
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** Cost at $3/$15 per million, by hand: in*3 + out*15, in millionths of a dollar = micro-USD. */
  private static long nanos(long in, long out) {
    return (in * 3 + out * 15) * 1000;
  }

  private static PricedUsage usage(String id, String repo, long pr, String agent, String stage, int iteration, long in, long out, String at) {
    UsageRecord r = new UsageRecord(id, new Attribution(repo, pr, agent, stage, iteration, null), "claude", "claude-sonnet", "anthropic",
        TokenCounts.of(in, out), null, null, Instant.parse(at), "test");
    return new PricedUsage(r, "anthropic", Usd.ofNanos(nanos(in, out)), true);
  }

  private void seedPr123() {
    store.insert(List.of(
        usage("a", "5dlabs/cto", 123, "rex", "code", 1, 1000, 500, "2026-03-01T10:00:00Z"),
        usage("b", "5dlabs/cto", 123, "rex", "code", 2, 2000, 1000, "2026-03-01T11:00:00Z"),
        usage("c", "5dlabs/cto", 123, "cleo", "lint", 1, 500, 250, "2026-03-02T09:00:00Z")));
  }

  @Test
  void theSeedsPrSummary() {
    seedPr123();

    PrReport r = reports.prReport(null, 123, true);

    assertThat(r.totalInputTokens()).isEqualTo(3500);
    assertThat(r.totalOutputTokens()).isEqualTo(1750);
    assertThat(r.agents()).hasSize(2);
    // 3,500 * $3/M + 1,750 * $15/M = 0.0105 + 0.02625
    assertThat(r.totalCostUsd()).isEqualByComparingTo("0.03675");
    assertThat(r.agents().get(0).agent()).isEqualTo("rex");
    assertThat(r.agents().get(0).iterations()).isEqualTo(2);
    assertThat(r.iterations()).extracting(l -> l.agent() + l.iteration()).containsExactly("cleo1", "rex1", "rex2");
    assertThat(r.stages()).extracting(StageLine -> StageLine.percent().toPlainString()).containsExactly("85.7", "14.3");
    assertThat(r.thresholdStatus()).isEqualTo("warning");
    assertThat(r.startedAt()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
    assertThat(r.completedAt()).isEqualTo(Instant.parse("2026-03-02T09:00:00Z"));
    assertThat(reports.prReport(null, 123, false).iterations()).isNull();
  }

  @Test
  void prNumbersArePerRepository() {
    seedPr123();
    store.insert(List.of(usage("x", "other/repo", 123, "rex", "code", 1, 10, 10, "2026-03-01T10:00:00Z")));

    assertThatThrownBy(() -> reports.prReport(null, 123, false))
        .isInstanceOf(ReportException.class).hasMessage("PR 123 exists in several repositories (5dlabs/cto, other/repo): pass --repo");
    assertThat(reports.prReport("other/repo", 123, false).records()).isEqualTo(1);
    assertThatThrownBy(() -> reports.prReport(null, 999, false)).isInstanceOf(NoCostDataException.class).hasMessage("no cost data for PR 999");
  }

  @Test
  void unpricedUsageIsListedAndKeptInTokenTotals() {
    seedPr123();
    UsageRecord r = new UsageRecord("u", new Attribution("5dlabs/cto", 123L, "rex", "code", 1, null), null, "mystery", null,
        TokenCounts.of(400, 40), null, null, Instant.parse("2026-03-01T12:00:00Z"), "test");
    store.insert(List.of(new PricedUsage(r, null, Usd.ZERO, false)));

    PrReport report = reports.prReport("5dlabs/cto", 123, false);

    assertThat(report.unpriced()).singleElement().satisfies(u -> {
      assertThat(u.model()).isEqualTo("mystery");
      assertThat(u.inputTokens()).isEqualTo(400);
    });
    assertThat(report.totalInputTokens()).isEqualTo(3900);
    assertThat(report.models()).extracting(Lines.ModelLine::model).containsExactly("claude-sonnet");
  }

  @Test
  void agentReportCoversItsPeriodOnly() {
    seedPr123();
    store.insert(List.of(usage("d", "5dlabs/cto", 124, "rex", "code", 3, 100, 100, "2026-03-05T10:00:00Z")));

    AgentReport r = reports.agentReport("rex", Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-02T00:00:00Z"));

    assertThat(r.records()).isEqualTo(2);
    assertThat(r.prs()).singleElement().satisfies(p -> assertThat(p.iterations()).isEqualTo(2));
    assertThat(r.daily()).extracting(Lines.DayLine::date).containsExactly(LocalDate.parse("2026-03-01"));
    AgentReport all = reports.agentReport("rex", null, null);
    assertThat(all.prs()).extracting(Lines.PrLine::prNumber).containsExactly(123L, 124L);
    assertThatThrownBy(() -> reports.agentReport("nobody", Instant.parse("2026-03-01T00:00:00Z"), null))
        .hasMessage("no cost data for agent nobody since 2026-03-01");
  }

  @Test
  void comparisonKeepsTheOrderAskedAndSummaryRanksTopPrs() {
    seedPr123();
    store.insert(List.of(usage("d", "5dlabs/cto", 124, "tess", "qa", 1, 100_000, 100_000, "2026-03-05T10:00:00Z")));

    assertThat(reports.compare(null, List.of(124L, 123L)).reports()).extracting(PrReport::prNumber).containsExactly(124L, 123L);
    Summary s = reports.summary(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"));
    assertThat(s.prs()).isEqualTo(2);
    assertThat(s.topPrs()).extracting(Lines.PrLine::prNumber).containsExactly(124L, 123L);
    assertThat(s.totalCostUsd()).isEqualByComparingTo(new BigDecimal(nanos(103_500, 101_750)).movePointLeft(9));
    assertThat(s.byStage().stream().map(Lines.StageTotal::percent).reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("100.0");
    assertThat(reports.summary(Instant.parse("2026-04-01T00:00:00Z"), null).records()).isZero();
  }
}
