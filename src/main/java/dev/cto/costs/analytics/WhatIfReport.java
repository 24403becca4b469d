package dev.cto.costs.analytics;

import static dev.cto.costs.report.View.Cell.count;
import static dev.cto.costs.report.View.Cell.money;
import static dev.cto.costs.report.View.Cell.percent;
import static dev.cto.costs.report.View.Cell.text;

import dev.cto.costs.report.Escape;
import dev.cto.costs.report.Numbers;
import dev.cto.costs.report.Presentable;
import dev.cto.costs.report.View;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;

/**
 * What the records in scope would have cost had some models been others (docs/reports.md,
 * {@code costs whatif}). {@code difference_usd} = {@code whatif_cost_usd} − {@code actual_cost_usd};
 * records that are not re-priced count at their stored cost on both sides.
 *
 * @param byModel one line per (swap, model re-priced), the largest actual cost first
 * @param unpriced records stored without a price: in neither total (see {@link UnpricedLine})
 */
public record WhatIfReport(
    Scope scope, BigDecimal actualCostUsd, BigDecimal whatifCostUsd, BigDecimal differenceUsd,
    List<ModelLine> byModel, List<UnpricedLine> unpriced) implements Presentable {

  /**
   * What was covered: one PR ({@code kind} {@code pr}; {@code from}/{@code to} are the days of its
   * first and last record) or whole UTC days ({@code period}), optionally one agent.
   *
   * @param models the swaps as given, {@code FROM=TO}
   */
  public record Scope(
      String kind, String repository, Long prNumber, String agent, LocalDate from, LocalDate to,
      List<String> models, long records, long unpricedRecords) {}

  /**
   * @param from the re-priced model (its catalog name, else as stored)
   * @param to TO's catalog name
   * @param swap the {@code --model} that matched, {@code FROM=TO} as given
   * @param longContextRecords records billed at TO's long-context rates (their whole input is above TO's threshold)
   */
  public record ModelLine(
      String from, String to, String swap, long records, long longContextRecords, BigDecimal actualCostUsd,
      BigDecimal whatifCostUsd, BigDecimal differenceUsd) {}

  /**
   * Records stored without a price. Their actual cost is unknown, so they are left out of both
   * totals (a what-if price for them alone would pass for a difference); {@code costs reprice}
   * prices them once their model has a price.
   *
   * @param model as stored
   * @param to the TO they match, or null when no swap matches them
   */
  public record UnpricedLine(String model, String to, long records, long inputTokens, long outputTokens) {}

  @Override
  public View view() {
    View.Builder b = View.builder(title(s -> s), title(Escape::markdown)); // stored names escaped, our own "#" kept
    b.fact("Models", String.join(", ", scope.models()))
        .fact("Calls", Numbers.count(scope.records()) + (scope.unpricedRecords() == 0 ? ""
            : " (" + Numbers.count(scope.unpricedRecords()) + " unpriced, in neither total)"))
        .fact("Actual cost", Numbers.dollars(actualCostUsd))
        .fact("What-if cost", Numbers.dollars(whatifCostUsd))
        .fact("Difference", signed(differenceUsd) + change(differenceUsd, actualCostUsd).map(p -> " (" + Numbers.percent(p) + ")").orElse(""));
    b.section("Totals", List.of("Calls", "Actual", "What-if", "Difference", "Change %"),
        List.of(List.of(count(scope.records()), money(actualCostUsd), money(whatifCostUsd), money(differenceUsd),
            percent(change(differenceUsd, actualCostUsd).orElse(null)))));
    b.section("By model", List.of("From", "To", "Calls", "Long-context calls", "Actual", "What-if", "Difference"),
        byModel.stream().map(m -> List.of(text(m.from()), text(m.to()), count(m.records()), count(m.longContextRecords()),
            money(m.actualCostUsd()), money(m.whatifCostUsd()), money(m.differenceUsd()))).toList());
    if (byModel.isEmpty()) {
      b.note("no priced record in scope matches " + String.join(", ", scope.models()) + ": nothing was re-priced");
    }
    for (UnpricedLine u : unpriced) {
      b.note(Numbers.count(u.records()) + " records of '" + u.model() + "' have no price (" + Numbers.count(u.inputTokens())
          + " input, " + Numbers.count(u.outputTokens()) + " output tokens): in neither total"
          + (u.to() == null ? "" : ", not re-priced as " + u.to()) + "; add a price, then run `cto-cli costs reprice`");
    }
    return b.build();
  }

  private String title(java.util.function.UnaryOperator<String> stored) {
    String where = scope.kind().equals("pr")
        ? "PR #" + scope.prNumber() + " of " + stored.apply(scope.repository())
        : scope.from() + " → " + scope.to() + (scope.repository() == null ? "" : " in " + stored.apply(scope.repository()));
    return "What-if: " + where + (scope.agent() == null ? "" : ", agent " + stored.apply(scope.agent()));
  }

  private static String signed(BigDecimal usd) {
    return (usd.signum() > 0 ? "+" : "") + Numbers.dollars(usd);
  }

  /** The difference as a percentage of the actual cost, to 1e-4 % (a ratio to 1e-6). */
  private static java.util.Optional<BigDecimal> change(BigDecimal difference, BigDecimal actual) {
    return actual.signum() == 0 ? java.util.Optional.empty()
        : java.util.Optional.of(difference.divide(actual, 6, RoundingMode.HALF_EVEN).movePointRight(2));
  }
}
