package dev.cto.costs.report;

import dev.cto.costs.report.Lines.AgentTotal;
import dev.cto.costs.report.Lines.DayLine;
import dev.cto.costs.report.Lines.ModelTotal;
import dev.cto.costs.report.Lines.PrLine;
import dev.cto.costs.report.Lines.StageTotal;
import dev.cto.costs.report.Lines.UnpricedLine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Spend over a period (docs/reports.md, {@code costs summary}); {@code to} null means "until now". */
public record Summary(
    Instant from,
    Instant to,
    BigDecimal totalCostUsd,
    long totalInputTokens,
    long totalOutputTokens,
    long totalCacheCreationInputTokens,
    long totalCacheReadInputTokens,
    long records,
    long prs,
    long unpricedRecords,
    List<AgentTotal> byAgent,
    List<ModelTotal> byModel,
    List<StageTotal> byStage,
    List<DayLine> byDay,
    List<PrLine> topPrs,
    List<UnpricedLine> unpriced) {

  /**
   * The same summary, its period starting on its first day with spend instead of the start asked
   * for: a summary of "everything" is asked from the epoch, and says so better from the day it begins.
   */
  public Summary fromFirstDay() {
    if (byDay.isEmpty()) {
      return this;
    }
    Instant first = byDay.get(0).date().atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    return new Summary(first.isAfter(from) ? first : from, to, totalCostUsd, totalInputTokens, totalOutputTokens,
        totalCacheCreationInputTokens, totalCacheReadInputTokens, records, prs, unpricedRecords, byAgent, byModel,
        byStage, byDay, topPrs, unpriced);
  }
}
