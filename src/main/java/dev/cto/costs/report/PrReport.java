package dev.cto.costs.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cto.costs.report.Lines.AgentLine;
import dev.cto.costs.report.Lines.IterationLine;
import dev.cto.costs.report.Lines.ModelLine;
import dev.cto.costs.report.Lines.StageLine;
import dev.cto.costs.report.Lines.UnpricedLine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** What one PR cost (docs/reports.md, {@code costs show}); {@code iterations} only when detailed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PrReport(
    String repository,
    long prNumber,
    BigDecimal totalCostUsd,
    long totalInputTokens,
    long totalOutputTokens,
    long totalCacheCreationInputTokens,
    long totalCacheReadInputTokens,
    long records,
    long unpricedRecords,
    Instant startedAt,
    Instant completedAt,
    String thresholdStatus,
    BigDecimal warningThresholdUsd,
    BigDecimal errorThresholdUsd,
    List<AgentLine> agents,
    List<StageLine> stages,
    List<ModelLine> models,
    List<UnpricedLine> unpriced,
    List<IterationLine> iterations) {}
