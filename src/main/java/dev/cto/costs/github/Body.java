package dev.cto.costs.github;

import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.report.Escape;
import dev.cto.costs.report.Lines.IterationLine;
import dev.cto.costs.report.Numbers;
import dev.cto.costs.report.PrReport;
import java.util.List;
import java.util.function.Function;

/** One rendering of the comment's visible part, with a given amount of detail. */
final class Body {

  private static final int MAX_CELL = 80;

  private final PrReport r;
  private final CommentMarker.Stamp stamp;
  private final ThresholdCrossing crossing;
  private final boolean iterations;
  private final int maxRows;
  private final StringBuilder out = new StringBuilder();

  Body(PrReport r, CommentMarker.Stamp stamp, ThresholdCrossing crossing, boolean iterations, int maxRows) {
    this.r = r;
    this.stamp = stamp;
    this.crossing = crossing;
    this.iterations = iterations;
    this.maxRows = maxRows;
  }

  String text() {
    out.append("## 💰 Cost Report\n\n");
    out.append("**Total Cost**: ").append(Numbers.dollars(r.totalCostUsd()));
    if (r.unpricedRecords() > 0) {
      out.append(" (+ ").append(Numbers.count(r.unpricedRecords())).append(" unpriced model calls, not included)");
    }
    String change = PrCommentRenderer.change(stamp);
    if (change != null) {
      out.append(" · ").append(change);
    }
    out.append("\n\n").append(PrCommentRenderer.status(r, crossing)).append("\n\n");
    out.append("**Tokens**: ").append(Numbers.count(r.totalInputTokens())).append(" input · ")
        .append(Numbers.count(r.totalOutputTokens())).append(" output · ")
        .append(Numbers.count(r.totalCacheCreationInputTokens())).append(" cache write · ")
        .append(Numbers.count(r.totalCacheReadInputTokens())).append(" cache read · ")
        .append(Numbers.count(r.records())).append(" model calls\n\n");

    out.append("### Breakdown by Agent\n");
    table(List.of("Agent", "Iterations", "Input Tokens", "Output Tokens", "Cache Write", "Cache Read", "Cost"),
        "lrrrrrr", r.agents(), a -> List.of(cell(a.agent()), Numbers.count(a.iterations()), Numbers.count(a.inputTokens()),
            Numbers.count(a.outputTokens()), Numbers.count(a.cacheCreationInputTokens()), Numbers.count(a.cacheReadInputTokens()),
            Numbers.dollars(a.costUsd())));
    out.append("\n### Breakdown by Stage\n");
    table(List.of("Stage", "Cost", "% of Total"), "lrr", r.stages(),
        s -> List.of(cell(s.stage()), Numbers.dollars(s.costUsd()), Numbers.percent(s.percent())));
    if (!r.models().isEmpty()) {
      out.append("\n### Models\n");
      table(List.of("Model", "Provider", "Calls", "Input Tokens", "Output Tokens", "Cache Write", "Cache Read", "Cost"),
          "llrrrrrr", r.models(), m -> List.of(cell(m.model()), cell(m.provider()), Numbers.count(m.records()),
              Numbers.count(m.inputTokens()), Numbers.count(m.outputTokens()), Numbers.count(m.cacheCreationInputTokens()),
              Numbers.count(m.cacheReadInputTokens()), Numbers.dollars(m.costUsd())));
    }
    if (!r.unpriced().isEmpty()) {
      out.append("\n### ⚠️ Unpriced usage\n");
      out.append("These model calls have no price yet and are not in the costs above "
          + "(add a price, then run `cto-cli costs reprice`).\n\n");
      table(List.of("Model", "Calls", "Input Tokens", "Output Tokens"), "lrrr", r.unpriced(),
          u -> List.of(cell(u.model()), Numbers.count(u.records()), Numbers.count(u.inputTokens()), Numbers.count(u.outputTokens())));
    }
    List<IterationLine> its = r.iterations();
    if (iterations && its != null && !its.isEmpty()) {
      out.append("\n<details>\n<summary>Per-iteration breakdown (").append(its.size())
          .append(its.size() == 1 ? " iteration" : " iterations").append(")</summary>\n\n");
      table(List.of("Agent", "Iteration", "Input Tokens", "Output Tokens", "Cost"), "lrrrr", its,
          i -> List.of(cell(i.agent()), Integer.toString(i.iteration()), Numbers.count(i.inputTokens()),
              Numbers.count(i.outputTokens()), Numbers.dollars(i.costUsd())));
      out.append("\n</details>\n");
    }
    out.append("\n<sub>").append(Numbers.count(r.records())).append(" model calls")
        .append(r.startedAt() == null ? "" : " from " + r.startedAt()).append(r.completedAt() == null ? "" : " to " + r.completedAt())
        .append(" · reported by cto-costs</sub>\n");
    return out.toString();
  }

  private <T> void table(List<String> columns, String align, List<T> rows, Function<T, List<String>> cells) {
    row(columns);
    StringBuilder rule = new StringBuilder("|");
    for (char a : align.toCharArray()) {
      rule.append(a == 'r' ? " ---: |" : " --- |");
    }
    out.append(rule).append('\n');
    int shown = Math.min(rows.size(), maxRows);
    for (int i = 0; i < shown; i++) {
      row(cells.apply(rows.get(i)));
    }
    if (shown < rows.size()) {
      String[] more = new String[columns.size()];
      java.util.Arrays.fill(more, "");
      more[0] = "… and " + Numbers.count(rows.size() - shown) + " more";
      row(List.of(more));
    }
  }

  private void row(List<String> cells) {
    out.append('|');
    for (String c : cells) {
      out.append(' ').append(c).append(" |");
    }
    out.append('\n');
  }

  /**
   * Names come from agents' own reports: keep them from breaking the table, injecting HTML, or
   * mentioning, referencing and linking anything on GitHub ({@link Escape#markdown}).
   */
  static String cell(String text) {
    if (text == null || text.isEmpty()) {
      return "-";
    }
    return Escape.markdown(text.length() > MAX_CELL ? text.substring(0, MAX_CELL - 1) + "…" : text);
  }
}
