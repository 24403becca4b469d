package dev.cto.costs.budget;

import dev.cto.costs.report.Presentable;
import dev.cto.costs.report.View;
import dev.cto.costs.report.View.Cell;
import java.util.ArrayList;
import java.util.List;

/** Every budget's status, in config order: the document of {@code costs budgets} and {@code GET /v1/budgets}. */
public record BudgetReport(List<BudgetStatus> budgets) implements Presentable {

  @Override
  public View view() {
    View.Builder view = View.builder("Budgets");
    List<List<Cell>> rows = new ArrayList<>();
    for (BudgetStatus b : budgets) {
      rows.add(List.of(Cell.text(b.name()), Cell.text(scopeText(b)), Cell.text(b.period()),
          Cell.text(b.periodStart() == null ? null : b.periodStart().toString().substring(0, 10)),
          Cell.money(b.limitUsd()), Cell.money(b.spentUsd()), Cell.money(b.reservedUsd()), Cell.money(b.remainingUsd()),
          Cell.money(b.projectedEndOfPeriodUsd()), status(b.status()), Cell.text(b.enforce() ? "yes" : "no")));
    }
    view.section("Budgets", List.of("Budget", "Scope", "Period", "Since", "Limit", "Spent", "Reserved", "Remaining",
        "Projected", "Status", "Enforced"), rows);
    for (BudgetStatus b : budgets) {
      if (b.prs() == null || b.prs().isEmpty()) {
        continue;
      }
      List<List<Cell>> prRows = new ArrayList<>();
      for (BudgetStatus.PrBudgetStatus p : b.prs()) {
        prRows.add(List.of(Cell.text(p.repository()), Cell.count(p.prNumber()), Cell.money(p.spentUsd()),
            Cell.money(p.reservedUsd()), Cell.money(p.remainingUsd()), Cell.money(p.projectedEndOfPeriodUsd()),
            status(p.status())));
      }
      view.section(b.name() + ": PRs closest to the limit",
          List.of("Repository", "PR", "Spent", "Reserved", "Remaining", "Projected", "Status"), prRows);
    }
    if (budgets.isEmpty()) {
      view.note("No budgets are configured: add a budgets section to the cost config (docs/budgets.md).");
    }
    return view.build();
  }

  private static String scopeText(BudgetStatus b) {
    if (b.scope().isEmpty()) {
      return "everything";
    }
    StringBuilder sb = new StringBuilder();
    b.scope().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v));
    return sb.toString();
  }

  private static Cell status(String status) {
    View.Tone tone = switch (status) {
      case "ok" -> View.Tone.OK;
      case "warning" -> View.Tone.WARNING;
      default -> View.Tone.ERROR;
    };
    return new Cell(status, status, false, tone);
  }
}
