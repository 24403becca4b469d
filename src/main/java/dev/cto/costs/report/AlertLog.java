package dev.cto.costs.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cto.costs.domain.Announcement;
import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.store.AlertOutbox;
import dev.cto.costs.store.AlertOutbox.CrossingAlert;
import dev.cto.costs.store.AlertOutbox.DeliveryState;
import dev.cto.costs.store.Announcements;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What was alerted and whether each sink got it: threshold crossings and announcements (cost
 * anomalies, budget alerts) merged newest first, read from the store's outbox. The API's
 * {@code GET /v1/alerts} and the dashboard's alerts page both answer from here.
 */
public final class AlertLog {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;
  /**
   * Announcements carry their repository in their JSON document, so a repository filter reads
   * this many of the range's newest and keeps the matching ones: they are rare (once per anomaly
   * or budget alert per period), so this covers months.
   */
  static final int REPOSITORY_SCAN = 2_000;
  /** The event of a threshold crossing, as its webhook document names it. */
  public static final String CROSSING_EVENT = "cost_threshold_crossed";

  private final AlertOutbox outbox;
  private final Announcements announcements;

  public AlertLog(AlertOutbox outbox, Announcements announcements) {
    this.outbox = outbox;
    this.announcements = announcements;
  }

  /** The {@code limit} parameter: 1 to {@value #MAX_LIMIT}, {@value #DEFAULT_LIMIT} when absent. */
  public static int limit(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("limit: must be a whole number between 1 and " + MAX_LIMIT + ", was '" + value + "'");
  }

  /**
   * @param since inclusive, or null
   * @param until exclusive, or null
   * @param repository only alerts about this repository, or null for all
   * @param limit 1 to {@value #MAX_LIMIT}
   */
  public AlertHistory history(Instant since, Instant until, String repository, int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit: must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
    List<AlertHistory.Entry> all = new ArrayList<>();
    List<CrossingAlert> crossings = outbox.recentCrossings(repository, since, until, limit);
    crossings.forEach(c -> all.add(entry(c)));
    int scan = repository == null ? limit : REPOSITORY_SCAN;
    List<Announcement> announced = announcements.announcements(null, since, until, scan);
    for (Announcement a : announced) {
      AlertHistory.Entry e = entry(a);
      if (repository == null || repository.equals(e.repository())) {
        all.add(e);
      }
    }
    all.sort(Comparator.comparing(AlertHistory.Entry::at).reversed());
    boolean truncated = all.size() > limit || crossings.size() == limit || announced.size() == scan;
    return new AlertHistory(since, until, repository, limit, truncated, all.subList(0, Math.min(limit, all.size())));
  }

  private AlertHistory.Entry entry(CrossingAlert alert) {
    ThresholdCrossing c = alert.crossing();
    String level = c.level().wireName();
    String pr = c.repository() + "#" + c.prNumber();
    ObjectNode body = ReportRenderer.JSON.createObjectNode();
    body.put("event", CROSSING_EVENT);
    body.put("repository", c.repository());
    body.put("pr", c.prNumber());
    body.put("level", level);
    body.put("threshold_usd", c.threshold().toBigDecimal().stripTrailingZeros());
    body.put("total_usd", c.total().toBigDecimal().stripTrailingZeros());
    body.put("crossed_at", c.crossedAt().toString());
    String text = "Cost " + level + ": PR " + pr + " has spent " + Numbers.dollars(c.total().toBigDecimal())
        + ", reaching its " + level + " threshold of " + Numbers.dollars(c.threshold().toBigDecimal()) + ".";
    return new AlertHistory.Entry(CROSSING_EVENT, c.crossedAt(), pr + ":" + level, text, c.repository(), c.prNumber(),
        ReportRenderer.compact(body), deliveries(alert.deliveries()));
  }

  private AlertHistory.Entry entry(Announcement a) {
    JsonNode body = parse(a.body());
    String repository = text(body.get("repository"));
    if (repository == null && body.get("scope") != null) {
      repository = text(body.get("scope").get("repository")); // a budget over one repository
    }
    JsonNode pr = body.get("pr_number");
    return new AlertHistory.Entry(a.event(), a.at(), a.subject(), a.text(), repository,
        pr != null && pr.canConvertToLong() ? pr.asLong() : null, a.body(),
        deliveries(announcements.announcementDeliveries(a.event(), a.subject())));
  }

  private static List<AlertHistory.Delivery> deliveries(List<DeliveryState> states) {
    return states.stream().map(d -> new AlertHistory.Delivery(d.sink(), d.status().name().toLowerCase(Locale.ROOT),
        d.attempts(), d.lastError())).toList();
  }

  private static JsonNode parse(String json) {
    try {
      return ReportRenderer.JSON.readTree(json);
    } catch (IOException e) {
      // recorded by this program as an object naming its event; a broken one still lists its text
      return ReportRenderer.JSON.createObjectNode();
    }
  }

  private static String text(JsonNode node) {
    return node == null || !node.isTextual() ? null : node.asText();
  }
}
