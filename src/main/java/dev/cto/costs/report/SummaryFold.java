package dev.cto.costs.report;

import static dev.cto.costs.store.Dimension.AGENT;
import static dev.cto.costs.store.Dimension.DAY;
import static dev.cto.costs.store.Dimension.MODEL;
import static dev.cto.costs.store.Dimension.PR;
import static dev.cto.costs.store.Dimension.PRICED;
import static dev.cto.costs.store.Dimension.PROVIDER;
import static dev.cto.costs.store.Dimension.REPOSITORY;
import static dev.cto.costs.store.Dimension.STAGE;

import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.report.Lines.AgentTotal;
import dev.cto.costs.report.Lines.DayAgentLine;
import dev.cto.costs.report.Lines.DayLine;
import dev.cto.costs.report.Lines.ModelTotal;
import dev.cto.costs.report.Lines.PrLine;
import dev.cto.costs.report.Lines.StageTotal;
import dev.cto.costs.report.Lines.UnpricedLine;
import dev.cto.costs.store.Dimension;
import dev.cto.costs.store.GroupTotals;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A period's {@link Summary} (and the daily spend per agent the dashboard stacks) folded in Java
 * from two GROUP BYs instead of one per breakdown: {@link #FINE} (day, agent, stage, model,
 * provider, priced: a few thousand rows a month however many records) gives the totals and every
 * breakdown but the PRs; {@link #PRS} gives the PR count and the top PRs. Why: each GROUP BY scans
 * the period's rollup rows, and at 10M records one scan of a month costs about as much as the
 * folding of all of them (docs/benchmarks.md, "Dashboard pages at 10M records").
 *
 * <p>Rows are ordered as {@code CostQueries.aggregate} orders them: by cost, highest first, then by
 * key (a missing provider first, as the stores' {@code ''} sorts first).
 */
final class SummaryFold {

  /** The breakdowns' grouping. */
  static final List<Dimension> FINE = List.of(DAY, AGENT, STAGE, MODEL, PROVIDER, PRICED);
  /** The PRs' grouping. */
  static final List<Dimension> PRS = List.of(REPOSITORY, PR);

  private static final GroupTotals NOTHING =
      new GroupTotals(List.of(), 0, 0, TokenCounts.ZERO, Usd.ZERO, 0, null, null, Usd.ZERO, 0);

  private SummaryFold() {}

  /**
   * @param fine the rows of {@link #FINE} in any order
   * @param prs the rows of {@link #PRS} in any order
   * @param topPrs how many PRs the summary lists
   */
  static Overview fold(Instant from, Instant until, List<GroupTotals> fine, List<GroupTotals> prs, int topPrs) {
    GroupTotals total = NOTHING;
    for (GroupTotals g : fine) {
      total = total.plus(g);
    }
    List<AgentTotal> byAgent = ordered(fine, g -> List.of(g.key().get(1))).stream()
        .map(g -> new AgentTotal(g.string(0), ReportService.usd(g), g.tokens().input(), g.tokens().output(), g.records()))
        .toList();
    List<ModelTotal> byModel = ordered(fine, g -> Arrays.asList(g.key().get(3), g.key().get(4))).stream()
        .map(g -> new ModelTotal(g.string(0), g.string(1), ReportService.usd(g), g.tokens().input(), g.tokens().output(),
            g.records()))
        .toList();
    List<GroupTotals> stageRows = ordered(fine, g -> List.of(g.key().get(2)));
    List<BigDecimal> shares = Percentages.of(stageRows.stream().map(g -> g.cost().nanos()).toList());
    List<StageTotal> byStage = new ArrayList<>();
    for (int i = 0; i < stageRows.size(); i++) {
      GroupTotals g = stageRows.get(i);
      byStage.add(new StageTotal(g.string(0), ReportService.usd(g), shares.get(i), g.tokens().input(), g.tokens().output(),
          g.records()));
    }
    List<DayLine> byDay = ordered(fine, g -> List.of(g.key().get(0))).stream()
        .sorted(Comparator.comparing((GroupTotals g) -> (LocalDate) g.key().get(0)))
        .map(g -> new DayLine((LocalDate) g.key().get(0), ReportService.usd(g), g.records()))
        .toList();
    List<UnpricedLine> unpriced = ordered(fine.stream().filter(g -> !((Boolean) g.key().get(5))).toList(),
        g -> List.of(g.key().get(3))).stream()
        .sorted(Comparator.comparing((GroupTotals g) -> -g.records()).thenComparing(g -> g.string(0)))
        .map(g -> new UnpricedLine(g.string(0), g.records(), g.tokens().input(), g.tokens().output()))
        .toList();
    List<GroupTotals> withPr = ordered(prs.stream().filter(g -> g.key().get(1) != null).toList(), GroupTotals::key);
    List<PrLine> top = withPr.stream().limit(topPrs)
        .map(g -> new PrLine(g.string(0) == null || g.string(0).isEmpty() ? null : g.string(0), g.pr(1), ReportService.usd(g),
            g.maxIteration(), g.records()))
        .toList();
    Summary summary = new Summary(from, until, ReportService.usd(total), total.tokens().input(), total.tokens().output(),
        total.tokens().cacheCreation(), total.tokens().cacheRead(), total.records(), withPr.size(), total.unpricedRecords(),
        byAgent, byModel, byStage, byDay, top, unpriced);
    List<DayAgentLine> dailyByAgent = ordered(fine, g -> List.of(g.key().get(0), g.key().get(1))).stream()
        .sorted(Comparator.comparing((GroupTotals g) -> (LocalDate) g.key().get(0)))
        .map(g -> new DayAgentLine((LocalDate) g.key().get(0), g.string(1), ReportService.usd(g), g.records()))
        .toList();
    return new Overview(summary, dailyByAgent);
  }

  /**
   * The rows summed per {@code key} (what a coarser GROUP BY would return), by cost, highest
   * first, then by key. The sort is stable, so a later sort by day keeps this order within a day.
   */
  private static List<GroupTotals> ordered(List<GroupTotals> rows, Function<GroupTotals, List<Object>> key) {
    Map<List<Object>, GroupTotals> groups = new HashMap<>();
    for (GroupTotals g : rows) {
      List<Object> k = key.apply(g);
      GroupTotals regrouped = new GroupTotals(k, g.records(), g.unpricedRecords(), g.tokens(), g.cost(), g.maxIteration(),
          g.firstAt(), g.lastAt(), g.cacheSavings(), g.unknownSavingsRecords());
      groups.merge(k, regrouped, GroupTotals::plus);
    }
    List<GroupTotals> out = new ArrayList<>(groups.values());
    out.sort(Comparator.comparing(GroupTotals::cost).reversed().thenComparing(GroupTotals::key, SummaryFold::compareKeys));
    return out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareKeys(List<Object> a, List<Object> b) {
    for (int i = 0; i < a.size(); i++) {
      Object x = a.get(i);
      Object y = b.get(i);
      if (x == null || y == null) {
        if (x != y) {
          return x == null ? -1 : 1;
        }
        continue;
      }
      int c = ((Comparable) x).compareTo(y);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
