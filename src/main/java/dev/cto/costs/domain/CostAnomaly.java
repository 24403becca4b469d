package dev.cto.costs.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A cost anomaly as announced to the alert sinks: recorded once per {@code (kind, subject)} in the
 * store, so every replica and every restart agrees it has been announced.
 *
 * @param kind {@code pr_cost}, {@code iteration_loop} or {@code daily_spend}
 * @param subject what the anomaly is about, unique within its kind: {@code repository#pr:agent}
 *     for the PR kinds, the UTC day for {@code daily_spend}
 * @param repository null where it does not apply (as the other optional fields)
 * @param value dollars, or iterations for {@code iteration_loop}
 * @param baseline the usual value the anomaly is measured against (a median)
 * @param score robust z-score of {@code value} against the baseline
 * @param explanation one sentence for people
 */
public record CostAnomaly(
    String kind, String subject, String repository, Long prNumber, String agent, LocalDate date,
    BigDecimal value, BigDecimal baseline, BigDecimal score, String explanation, Instant detectedAt) {

  public CostAnomaly {
    if (kind == null || kind.isEmpty() || subject == null || subject.isEmpty()) {
      throw new IllegalArgumentException("an anomaly needs a kind and a subject");
    }
  }
}
