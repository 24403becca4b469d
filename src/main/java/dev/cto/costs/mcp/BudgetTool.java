package dev.cto.costs.mcp;

import dev.cto.costs.budget.BudgetReport;
import dev.cto.costs.budget.BudgetStatus;
import dev.cto.costs.budget.BudgetStatusService;
import dev.cto.costs.domain.Thresholds;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.report.NoCostDataException;
import dev.cto.costs.report.Numbers;
import dev.cto.costs.report.PrReport;
import dev.cto.costs.report.ReportService;
import java.math.BigDecimal;
import dev.cto.costs.report.Format;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.Supplier;

/**
 * The {@code budget} tool. With {@code pr} alone: the PR's spend against the configured warning and
 * error thresholds (a PR with no usage yet has spent nothing and has its whole budget left). With
 * {@code name}, or without {@code pr}: the configured budgets as {@code costs budgets} shows them
 * (docs/budgets.md), so an agent can ask about any budget before expensive work.
 */
final class BudgetTool {

  static final String NAME = "budget";
  static final Set<String> ARGUMENTS = Set.of("pr", "repository", "name");

  private final ReportService reports;
  private final Supplier<Thresholds> thresholds;
  private final BudgetStatusService budgets;

  BudgetTool(ReportService reports, Supplier<Thresholds> thresholds, BudgetStatusService budgets) {
    this.reports = reports;
    this.thresholds = thresholds;
    this.budgets = budgets;
  }

  ToolOutput call(ToolArguments args) {
    args.rejectUnknown(ARGUMENTS);
    String name = args.string("name");
    Long prNumber = args.positive("pr");
    String repository = args.string("repository");
    if (name != null || prNumber == null) {
      return configured(name, repository, prNumber);
    }
    long pr = prNumber;
    PrBudget budget;
    try {
      PrReport report = reports.prReport(repository, pr, false);
      budget = budget(report.repository(), pr, report.totalCostUsd(), report.records(), report.unpricedRecords(),
          report.warningThresholdUsd(), report.errorThresholdUsd());
    } catch (NoCostDataException e) {
      Thresholds t = thresholds.get();
      budget = budget(repository, pr, BigDecimal.ZERO, 0, 0, dollars(t.warning()), dollars(t.error()));
    }
    return new ToolOutput(text(budget), CostsTool.tree(budget));
  }

  /** The configured budgets (one by name): with a PR, the {@code {pr: "*"}} budgets as they stand for it. */
  private ToolOutput configured(String name, String repository, Long pr) {
    BudgetReport report = pr == null ? budgets.status() : budgets.statusOfPr(repository, pr);
    if (name != null) {
      List<BudgetStatus> named = report.budgets().stream().filter(b -> b.name().equals(name)).toList();
      if (named.isEmpty()) {
        String known = report.budgets().stream().map(BudgetStatus::name).collect(Collectors.joining(", "));
        throw new ToolArgumentException("name: no " + (pr == null ? "" : "per-PR ") + "budget named '" + name + "'"
            + (known.isEmpty() ? "; no " + (pr == null ? "" : "per-PR ") + "budgets are configured (docs/budgets.md)"
                : "; configured: " + known));
      }
      report = new BudgetReport(named);
    }
    return new ToolOutput(CostsTool.render(report, Format.TABLE), CostsTool.tree(report));
  }

  private static PrBudget budget(String repository, long pr, BigDecimal spent, long records, long unpriced,
      BigDecimal warning, BigDecimal error) {
    Thresholds t = new Thresholds(warning == null ? null : Usd.of(warning), error == null ? null : Usd.of(error));
    return new PrBudget(repository, pr, spent, records, unpriced, t.levelOf(Usd.of(spent)).wireName(), warning, error,
        left(warning, spent), left(error, spent));
  }

  private static BigDecimal left(BigDecimal line, BigDecimal spent) {
    return line == null ? null : line.subtract(spent).max(BigDecimal.ZERO);
  }

  private static BigDecimal dollars(Usd usd) {
    return usd == null ? null : new BigDecimal(usd.toPlainString());
  }

  static String text(PrBudget b) {
    StringBuilder s = new StringBuilder("Budget of PR ")
        .append(b.repository() == null ? "" : b.repository() + "#").append(b.prNumber()).append('\n')
        .append("Spent: ").append(Numbers.dollars(b.spentUsd()))
        .append(" in ").append(Numbers.count(b.records())).append(" records")
        .append(b.unpricedRecords() > 0 ? " (" + Numbers.count(b.unpricedRecords()) + " unpriced, not in the total)" : "")
        .append('\n')
        .append("Status: ").append(b.status()).append('\n');
    line(s, "warning", b.warningThresholdUsd(), b.remainingToWarningUsd());
    line(s, "error", b.errorThresholdUsd(), b.remainingToErrorUsd());
    return s.toString();
  }

  private static void line(StringBuilder s, String level, BigDecimal threshold, BigDecimal left) {
    if (threshold == null) {
      s.append("No ").append(level).append(" threshold configured\n");
    } else {
      s.append(Character.toUpperCase(level.charAt(0))).append(level.substring(1)).append(" threshold: ")
          .append(Numbers.dollars(threshold)).append(", left: ").append(Numbers.dollars(left)).append('\n');
    }
  }
}
