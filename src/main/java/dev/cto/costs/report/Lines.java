package dev.cto.costs.report;

import java.math.BigDecimal;
import java.time.LocalDate;

/** The line items reports are made of (JSON: snake_case field names of docs/reports.md). */
public final class Lines {

  private Lines() {}

  public record AgentLine(
      String agent, int iterations, long inputTokens, long outputTokens, long cacheCreationInputTokens,
      long cacheReadInputTokens, BigDecimal costUsd, long records) {}

  public record StageLine(String stage, BigDecimal costUsd, BigDecimal percent, long inputTokens, long outputTokens) {}

  public record ModelLine(
      String model, String provider, BigDecimal costUsd, long inputTokens, long outputTokens,
      long cacheCreationInputTokens, long cacheReadInputTokens, long records) {}

  public record UnpricedLine(String model, long records, long inputTokens, long outputTokens) {}

  public record IterationLine(String agent, int iteration, BigDecimal costUsd, long inputTokens, long outputTokens) {}

  public record PrLine(String repository, Long prNumber, BigDecimal costUsd, int iterations, long records) {}

  public record DayLine(LocalDate date, BigDecimal costUsd, long records) {}

  public record NamedLine(String name, BigDecimal costUsd, long inputTokens, long outputTokens, long records) {}

  /** Summary lines keyed by what they group: {@code agent}, {@code model} or {@code stage}. */
  public record AgentTotal(String agent, BigDecimal costUsd, long inputTokens, long outputTokens, long records) {}

  public record ModelTotal(String model, String provider, BigDecimal costUsd, long inputTokens, long outputTokens, long records) {}

  public record StageTotal(String stage, BigDecimal costUsd, BigDecimal percent, long inputTokens, long outputTokens, long records) {}

  /** One PR of {@code costs prs list}; {@code thresholdStatus} is what its cost is against the thresholds. */
  public record PrListLine(
      String repository, long prNumber, BigDecimal costUsd, long inputTokens, long outputTokens, long records,
      long unpricedRecords, int iterations, java.time.Instant firstAt, java.time.Instant lastAt, String thresholdStatus) {}

  /** One UTC day's spend of one agent: the dashboard's stacked daily chart. */
  public record DayAgentLine(LocalDate date, String agent, BigDecimal costUsd, long records) {}

  /** One model call of a PR's timeline; {@code costUsd} null when the call is unpriced. */
  public record CallLine(
      java.time.Instant timestamp, String agent, String stage, int iteration, String model, long inputTokens,
      long outputTokens, long cacheCreationInputTokens, long cacheReadInputTokens, BigDecimal costUsd) {}

  /**
   * The prices in force for a model on a day, USD per million tokens; a cache price the catalog
   * leaves out is shown as the input price it falls back to.
   */
  public record PriceLine(
      String model, String provider, LocalDate effectiveFrom, BigDecimal inputPerMillion, BigDecimal outputPerMillion,
      BigDecimal cacheWritePerMillion, BigDecimal cacheReadPerMillion, boolean longContextTier) {}
}
