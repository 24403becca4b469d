package dev.cto.costs.mcp;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;

/**
 * How much of a PR's budget is spent and left ({@code budget} tool). Amounts are exact USD;
 * {@code remaining_*} is never negative (the status says when a line is crossed); a threshold that
 * is not configured, and what is left of it, are absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record PrBudget(
    String repository,
    long prNumber,
    BigDecimal spentUsd,
    long records,
    long unpricedRecords,
    String status,
    BigDecimal warningThresholdUsd,
    BigDecimal errorThresholdUsd,
    BigDecimal remainingToWarningUsd,
    BigDecimal remainingToErrorUsd) {}
