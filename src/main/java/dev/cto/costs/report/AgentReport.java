package dev.cto.costs.report;

import dev.cto.costs.report.Lines.DayLine;
import dev.cto.costs.report.Lines.ModelLine;
import dev.cto.costs.report.Lines.PrLine;
import dev.cto.costs.report.Lines.StageLine;
import dev.cto.costs.report.Lines.UnpricedLine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** What one agent cost over a period (docs/reports.md, {@code costs agent}). */
public record AgentReport(
    String agent,
    Instant since,
    Instant until,
    BigDecimal totalCostUsd,
    long totalInputTokens,
    long totalOutputTokens,
    long totalCacheCreationInputTokens,
    long totalCacheReadInputTokens,
    long records,
    long unpricedRecords,
    List<PrLine> prs,
    List<ModelLine> models,
    List<StageLine> stages,
    List<UnpricedLine> unpriced,
    List<DayLine> daily) {}
