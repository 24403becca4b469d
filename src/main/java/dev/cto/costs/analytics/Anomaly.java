package dev.cto.costs.analytics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cto.costs.domain.Announcement;
import dev.cto.costs.report.ReportRenderer;
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

  /** The event its alert carries: {@code cost_anomaly}, with this row's fields as in the report. */
  public static final String EVENT = "cost_anomaly";

  /**
   * This anomaly as announced once through the alert sinks: keyed by its kind and subject, with
   * the report's row (plus {@code event} and {@code detected_at}) as the webhook document.
   */
  public Announcement announcement(Instant detectedAt) {
    ObjectNode body = ReportRenderer.JSON.createObjectNode();
    body.put("event", EVENT);
    body.setAll((ObjectNode) ReportRenderer.JSON.valueToTree(this));
    body.put("detected_at", detectedAt.toString());
    String label = AnomalyKind.parse(kind).label();
    return new Announcement(EVENT, announcementSubject(), "Cost anomaly (" + label + "): " + explanation,
        ReportRenderer.compact(body), detectedAt);
  }

  /** {@code kind:subject}, within the store's 300 characters. */
  String announcementSubject() {
    return Announcement.subject(kind + ":" + subject());
  }
}
