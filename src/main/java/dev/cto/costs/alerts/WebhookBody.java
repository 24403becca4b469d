package dev.cto.costs.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cto.costs.domain.Announcement;
import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.domain.ThresholdLevel;
import dev.cto.costs.domain.Usd;
import java.math.RoundingMode;

/** The webhook request bodies: the crossing as JSON (exact money), or a Slack message. */
final class WebhookBody {

  private static final ObjectMapper JSON = new ObjectMapper();

  private WebhookBody() {}

  static String of(ThresholdCrossing c, WebhookTarget.Format format) {
    ObjectNode body = JSON.createObjectNode();
    if (format == WebhookTarget.Format.SLACK) {
      body.put("text", slackText(c));
    } else {
      body.put("event", "cost_threshold_crossed");
      body.put("repository", c.repository());
      body.put("pr", c.prNumber());
      body.put("level", c.level().wireName());
      body.put("threshold_usd", c.threshold().toBigDecimal().stripTrailingZeros());
      body.put("total_usd", c.total().toBigDecimal().stripTrailingZeros());
      body.put("crossed_at", c.crossedAt().toString());
    }
    return body.toString();
  }

  /** An announcement: its document as recorded, or for Slack its text, escaped as Slack requires. */
  static String of(Announcement a, WebhookTarget.Format format) {
    if (format != WebhookTarget.Format.SLACK) {
      return a.body();
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("text", ":mag: " + slackEscape(a.text()));
    return body.toString();
  }

  /** Slack reads {@code <…>} as links and mentions: stored names must not become either. */
  static String slackEscape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static String slackText(ThresholdCrossing c) {
    String icon = c.level() == ThresholdLevel.ERROR ? ":rotating_light:" : ":warning:";
    String pr = (c.repository().isEmpty() ? "" : c.repository()) + "#" + c.prNumber();
    return icon + " Cost " + c.level().wireName() + ": PR " + pr + " has spent " + dollars(c.total())
        + ", reaching its " + c.level().wireName() + " threshold of " + dollars(c.threshold()) + ".";
  }

  private static String dollars(Usd usd) {
    return "$" + usd.toBigDecimal().setScale(2, RoundingMode.HALF_EVEN).toPlainString();
  }
}
