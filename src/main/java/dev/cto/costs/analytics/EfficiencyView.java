package dev.cto.costs.analytics;

import dev.cto.costs.report.Numbers;
import dev.cto.costs.report.View;
import dev.cto.costs.report.View.Cell;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** {@link EfficiencyReport} laid out for table, Markdown and CSV: CSV cells keep the exact values. */
final class EfficiencyView {

  static final String LEGEND = "Mean/Median/P90/Max = an agent's cost per PR (percentiles by nearest rank);"
      + " $/Iter = cost on PRs ÷ iterations (an agent's highest iteration on each PR, summed);"
      + " Iter/PR = iterations ÷ PRs; Cache hit = cache reads ÷ all input tokens;"
      + " Saved = cache reads × (input − cache-read price); Out tok/$ = output tokens per dollar (priced records);"
      + " Merged = merged PRs; $/Merged = cost on merged PRs ÷ merged PRs; Closed unmerged = cost on PRs closed"
      + " without merging; $/Line = cost on merged PRs ÷ their changed lines; - = not known or no denominator";

  private static final String ALL = "all agents";

  private EfficiencyView() {}

  static View of(EfficiencyReport r) {
    AgentEfficiency t = r.totals();
    View.Builder b = View.builder("Agent efficiency: " + r.from() + " to " + r.to());
    b.fact("Total cost", Numbers.dollars(t.costUsd()) + " over " + Numbers.count(t.records()) + " records, "
        + Numbers.count(t.prs()) + " PRs");
    b.fact("Cost per PR", "mean " + Numbers.dollars(t.costPerPrUsd().mean()) + ", median "
        + Numbers.dollars(t.costPerPrUsd().median()) + ", p90 " + Numbers.dollars(t.costPerPrUsd().p90()) + ", max "
        + Numbers.dollars(t.costPerPrUsd().max()));
    b.fact("Cache", percent(t.cacheHitRatio()) + " of input tokens read from cache, saving "
        + (t.cacheSavingsUsd() == null ? "an unknown amount" : Numbers.dollars(t.cacheSavingsUsd())));
    b.fact("Columns", LEGEND);

    List<List<Cell>> cost = new ArrayList<>();
    List<List<Cell>> caching = new ArrayList<>();
    for (AgentEfficiency a : r.agents()) {
      cost.add(costRow(a.agent(), a));
      caching.add(cachingRow(a.agent(), a));
    }
    if (r.agents().size() > 1) {
      cost.add(costRow(ALL, t));
      caching.add(cachingRow(ALL, t));
    }
    b.section("Agents, worst first (highest mean cost per PR)",
        List.of("Agent", "PRs", "Iterations", "Cost", "Mean/PR", "Median/PR", "P90/PR", "Max/PR", "$/Iter", "Iter/PR"), cost);
    b.section("Agents: caching and PR outcomes (same order)",
        List.of("Agent", "Cache hit", "Saved", "Out tok/$", "Merged", "$/Merged", "Closed unmerged", "$/Line"), caching);
    List<List<Cell>> models = new ArrayList<>();
    for (ModelEfficiency m : r.models()) {
      models.add(List.of(Cell.text(m.model()), Cell.text(m.provider()), Cell.count(m.records()), Cell.money(m.costUsd()),
          ratioAsPercent(m.cacheHitRatio()), Cell.money(m.cacheSavingsUsd())));
    }
    b.section("Models, highest cost first", List.of("Model", "Provider", "Records", "Cost", "Cache hit", "Saved"), models);

    if (t.records() == 0) {
      b.note("no usage recorded from " + r.from() + " to " + r.to() + " for this selection");
    }
    if (t.prs() > 0 && t.mergedPrs() == null) {
      b.note("no outcome is known for these PRs (merged, closed): `cto-cli costs prs sync` reads them from GitHub,"
          + " and `cto-cli costs serve` keeps them current from its pull_request webhooks");
    }
    boolean savingsUnknown = t.cacheSavingsUsd() == null;
    if (savingsUnknown) {
      b.note("some cache savings are unknown (-): records stored before savings were recorded have not been"
          + " filled in yet; `cto-cli costs reprice` fills them, and so does `cto-cli costs serve` when it starts");
    }
    return b.build();
  }

  private static List<Cell> costRow(String name, AgentEfficiency a) {
    CostPerPr p = a.costPerPrUsd();
    return List.of(Cell.text(name), Cell.count(a.prs()), Cell.count(a.iterations()), Cell.money(a.costUsd()),
        Cell.money(p.mean()), Cell.money(p.median()), Cell.money(p.p90()), Cell.money(p.max()),
        Cell.money(a.costPerIterationUsd()), number(a.iterationsPerPr(), 2));
  }

  private static List<Cell> cachingRow(String name, AgentEfficiency a) {
    return List.of(Cell.text(name), ratioAsPercent(a.cacheHitRatio()), Cell.money(a.cacheSavingsUsd()),
        number(a.outputTokensPerUsd(), 0), a.mergedPrs() == null ? number(null, 0) : Cell.count(a.mergedPrs()),
        Cell.money(a.costPerMergedPrUsd()), Cell.money(a.closedUnmergedCostUsd()), Cell.money(a.costPerChangedLineUsd()));
  }

  /** Shown as a percentage, kept as the exact ratio for CSV. */
  private static Cell ratioAsPercent(BigDecimal ratio) {
    return new Cell(ratio == null ? "" : ratio.toPlainString(), percent(ratio), true, View.Tone.NONE);
  }

  private static String percent(BigDecimal ratio) {
    return ratio == null ? "-" : Numbers.percent(ratio.movePointRight(2));
  }

  private static Cell number(BigDecimal value, int decimals) {
    if (value == null) {
      return new Cell("", "-", true, View.Tone.NONE);
    }
    java.text.DecimalFormat f = new java.text.DecimalFormat(decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals),
        java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
    f.setRoundingMode(RoundingMode.HALF_EVEN);
    return new Cell(value.toPlainString(), f.format(value), true, View.Tone.NONE);
  }
}
