package dev.cto.costs.budget;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One budget's state now, as {@code costs budgets} and {@code GET /v1/budgets} show it. For a
 * {@code {pr: "*"}} budget the money fields are those of its PR closest to the limit (or of the
 * PR asked for), and {@code prs} lists the PRs closest to it.
 *
 * @param periodStart the current period's first instant (UTC); null for a PR's whole life
 * @param status {@code ok}, {@code warning} (spent reached the first alert_at fraction below 1,
 *     else 80 %) or {@code exceeded} (spent reached the limit)
 * @param projectedEndOfPeriodUsd the spend at the period's end at the period's run rate so far;
 *     null for a PR's whole life, which has no known end
 */
public record BudgetStatus(
    String name,
    Map<String, String> scope,
    String period,
    Instant periodStart,
    BigDecimal limitUsd,
    BigDecimal spentUsd,
    BigDecimal reservedUsd,
    BigDecimal remainingUsd,
    String status,
    boolean enforce,
    BigDecimal projectedEndOfPeriodUsd,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<PrBudgetStatus> prs) {

  /** One PR of a {@code {pr: "*"}} budget. */
  public record PrBudgetStatus(
      String repository,
      long prNumber,
      BigDecimal spentUsd,
      BigDecimal reservedUsd,
      BigDecimal remainingUsd,
      String status,
      BigDecimal projectedEndOfPeriodUsd) {}
}
