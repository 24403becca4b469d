package dev.cto.costs.analytics;

import dev.cto.costs.domain.CostAnomaly;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One anomaly, as in the {@code anomalies} document (docs/reports.md). Fields that do not apply to
 * the kind are null: a {@code daily_spend} row has no PR, the PR kinds no stage.
 *
 * @param date the PR's date (the day of the agent's first record on it) or the day that spiked
 * @param value dollars (exact), or the iteration count for {@code iteration_loop}
 * @param baseline the usual value: the median of the baseline
 * @param score robust z-score of the value against the baseline, to 0.01
 */
public record Anomaly(
    String kind, String repository, Long prNumber, String agent, String stage, LocalDate date,
    BigDecimal value, BigDecimal baseline, BigDecimal score, String explanation) {

  /** What this anomaly is about, unique within its kind: the key it is announced under once. */
  public String subject() {
    return prNumber == null ? date.toString() + scopeSuffix() : repository + "#" + prNumber + ":" + agent;
  }

  private String scopeSuffix() {
    return (repository == null ? "" : " repo=" + repository) + (agent == null ? "" : " agent=" + agent);
  }

  public CostAnomaly announcement(Instant detectedAt) {
    return new CostAnomaly(kind, subject(), repository, prNumber, agent, date, value, baseline, score, explanation,
        detectedAt);
  }
}
