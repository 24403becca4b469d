package dev.cto.costs.mcp;

import dev.cto.costs.domain.Thresholds;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.report.NoCostDataException;
import dev.cto.costs.report.Numbers;
import dev.cto.costs.report.PrReport;
import dev.cto.costs.report.ReportService;
import java.math.BigDecimal;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code budget} tool: a PR's spend against the configured warning and error thresholds. A PR
 * with no usage yet has spent nothing and has its whole budget left.
 */
final class BudgetTool {

  static final String NAME = "budget";
  static final Set<String> ARGUMENTS = Set.of("pr", "repository");

  private final ReportService reports;
  private final Supplier<Thresholds> thresholds;

  BudgetTool(ReportService reports, Supplier<Thresholds> thresholds) {
    this.reports = reports;
    this.thresholds = thresholds;
  }

  ToolOutput call(ToolArguments args) {
    args.rejectUnknown(ARGUMENTS);
    long pr = args.requiredPositive("pr", "(the pull request number, e.g. 123)");
    String repository = args.string("repository");
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
