package dev.cto.costs.report;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.List;

/**
 * The alerts of a range, newest first, each with its delivery state per sink: the document of
 * {@code GET /v1/alerts} and the dashboard's alerts page.
 *
 * @param since the range's first instant, or null for no bound
 * @param until the range's end (exclusive), or null for no bound
 * @param repository the repository asked for, or null for every alert
 * @param limit the most alerts listed
 * @param truncated whether older alerts of the range were left out by the limit
 */
public record AlertHistory(Instant since, Instant until, String repository, int limit, boolean truncated, List<Entry> alerts) {

  public AlertHistory {
    alerts = List.copyOf(alerts);
  }

  /**
   * One alert: a PR's threshold crossing ({@code cost_threshold_crossed}) or an announcement
   * ({@code cost_anomaly}, {@code budget_threshold}, {@code budget_forecast}).
   *
   * @param subject what it is about, unique within its event
   * @param text one line for people, as the log and Slack say it (it may quote stored names)
   * @param repository the repository it is about, or null when it is about none (a budget over everything)
   * @param prNumber the PR it is about, or null
   * @param body the document the webhooks received, as JSON
   * @param deliveries one per sink it was queued for; none when no sink was configured then
   */
  public record Entry(String event, Instant at, String subject, String text, String repository, Long prNumber,
      @JsonRawValue String body, List<Delivery> deliveries) {

    public Entry {
      deliveries = List.copyOf(deliveries);
    }

    /** {@code delivered} when every sink has it, {@code failed} when one gave up, else {@code pending}; {@code none} without sinks. */
    public String state() {
      if (deliveries.isEmpty()) {
        return "none";
      }
      if (deliveries.stream().anyMatch(d -> d.status().equals(Delivery.FAILED))) {
        return Delivery.FAILED;
      }
      return deliveries.stream().allMatch(d -> d.status().equals(Delivery.DELIVERED)) ? Delivery.DELIVERED : Delivery.PENDING;
    }
  }

  /**
   * One alert's delivery to one sink.
   *
   * @param status {@code delivered}, {@code pending} (waiting for its first attempt or a retry) or
   *     {@code failed} (given up)
   * @param attempts attempts so far
   * @param lastError the last attempt's error, or null
   */
  public record Delivery(String sink, String status, int attempts, String lastError) {
    public static final String DELIVERED = "delivered";
    public static final String PENDING = "pending";
    public static final String FAILED = "failed";
  }
}
