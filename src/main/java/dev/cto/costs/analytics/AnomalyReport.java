package dev.cto.costs.analytics;

import dev.cto.costs.report.Numbers;
import dev.cto.costs.report.Presentable;
import dev.cto.costs.report.View;
import dev.cto.costs.report.View.Cell;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code anomalies} document (docs/reports.md): the anomalies dated in {@code from}..{@code to},
 * newest first, the highest score first within a day.
 */
public record AnomalyReport(LocalDate from, LocalDate to, List<Anomaly> anomalies) implements Presentable {

  public AnomalyReport {
    anomalies = List.copyOf(anomalies);
  }

  @Override
  public View view() {
    View.Builder view = View.builder("Cost anomalies, " + from + " to " + to)
        .fact("Found", anomalies.isEmpty() ? "none" : Numbers.count(anomalies.size()))
        .fact("Rule", "robust z-score (median/MAD) above " + AnomalyRule.THRESHOLD + " and at least "
            + AnomalyRule.MIN_RATIO + "× the usual (the median)");
    List<List<Cell>> rows = new ArrayList<>();
    for (Anomaly a : anomalies) {
      boolean iterations = AnomalyKind.ITERATION_LOOP.wireName().equals(a.kind());
      rows.add(List.of(
          Cell.text(a.date().toString()),
          Cell.text(a.kind()),
          Cell.text(a.repository()),
          a.prNumber() == null ? Cell.text(null) : Cell.count(a.prNumber()),
          Cell.text(a.agent()),
          iterations ? number(a.value()) : Cell.money(a.value()),
          iterations ? number(a.baseline()) : Cell.money(a.baseline()),
          number(a.score())));
      view.note(a.explanation());
    }
    return view.section("Anomalies", List.of("Date", "Kind", "Repository", "PR", "Agent", "Value", "Usual", "Score"), rows)
        .build();
  }

  private static Cell number(java.math.BigDecimal n) {
    String plain = n.stripTrailingZeros().toPlainString();
    return new Cell(plain, plain, true, View.Tone.NONE);
  }
}
