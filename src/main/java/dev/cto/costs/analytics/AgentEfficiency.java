package dev.cto.costs.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;

/**
 * How efficiently one agent (or, in the totals, everything in range) turned money into PRs
 * (docs/reports.md, {@code costs efficiency}). Quotients are null where their denominator is zero;
 * the outcome fields are null while no outcome of the group's PRs is known; {@code
 * cacheSavingsUsd} is null while some of its priced cache reads were stored before savings were
 * recorded and not filled in yet.
 *
 * @param agent the agent; absent in the totals
 * @param prs PRs the agent worked on (records without a PR count in records and cost only)
 * @param iterations the sum over its PRs of its highest iteration there
 */
public record AgentEfficiency(
    @JsonInclude(JsonInclude.Include.NON_NULL) String agent,
    long prs,
    long records,
    long iterations,
    BigDecimal costUsd,
    CostPerPr costPerPrUsd,
    BigDecimal costPerIterationUsd,
    BigDecimal iterationsPerPr,
    BigDecimal cacheHitRatio,
    BigDecimal cacheSavingsUsd,
    BigDecimal outputTokensPerUsd,
    Long mergedPrs,
    BigDecimal costPerMergedPrUsd,
    BigDecimal closedUnmergedCostUsd,
    BigDecimal costPerChangedLineUsd) {}
