package dev.cto.costs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.domain.ThresholdLevel;
import dev.cto.costs.domain.Usd;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhook sink against a real HTTP receiver on 127.0.0.1. */
class WebhookSinkTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ThresholdCrossing CROSSING = new ThresholdCrossing("5dlabs/cto", 123, ThresholdLevel.WARNING,
      Usd.of("5"), Usd.of("5.123456789"), Instant.parse("2026-11-23T10:15:30Z"));
  private static final Map<String, String> ENV = Map.of("SLACK_TOKEN", "xoxb-secret", "HOOK_PATH", "/services/T1/B2/s3cr3t");

  private final WebhookReceiver receiver = receiver();

  private static WebhookReceiver receiver() {
    try {
      return new WebhookReceiver();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private WebhookSink sink(String url, WebhookTarget.Format format, Map<String, String> headers, Duration timeout) {
    return new WebhookSink(new WebhookTarget("ops", url, format, headers, timeout), WebhookSink.newClient(), ENV::get);
  }

  @Test
  void jsonBodyCarriesTheCrossingWithExactMoney() throws Exception {
    sink(receiver.url("/hook"), WebhookTarget.Format.JSON, Map.of(), null).deliver(CROSSING);

    WebhookReceiver.Received r = receiver.received().get(0);
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.header("X-CTO-Delivery")).isEqualTo("5dlabs/cto#123:warning");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("repository").asText()).isEqualTo("5dlabs/cto");
    assertThat(body.get("pr").asLong()).isEqualTo(123);
    assertThat(body.get("level").asText()).isEqualTo("warning");
    assertThat(body.get("threshold_usd").decimalValue()).isEqualByComparingTo("5");
    assertThat(body.get("total_usd").decimalValue()).isEqualByComparingTo("5.123456789");
    assertThat(r.body()).contains("\"total_usd\":5.123456789"); // a JSON number, not rounded
    assertThat(body.get("crossed_at").asText()).isEqualTo("2026-11-23T10:15:30Z");
  }

  @Test
  void slackBodyIsOnlyATextField() throws Exception {
    sink(receiver.url("/slack"), WebhookTarget.Format.SLACK, Map.of(), null).deliver(CROSSING);

    JsonNode body = JSON.readTree(receiver.received().get(0).body());
    Iterator<String> fields = body.fieldNames();
    assertThat(fields.next()).isEqualTo("text");
    assertThat(fields.hasNext()).isFalse();
    assertThat(body.get("text").asText())
        .isEqualTo(":warning: Cost warning: PR 5dlabs/cto#123 has spent $5.12, reaching its warning threshold of $5.00.");
  }

  @Test
  void anAnnouncementGoesAsItsDocumentOrAsEscapedSlackTextWithAStableDeliveryId() throws Exception {
    dev.cto.costs.domain.Announcement a = new dev.cto.costs.domain.Announcement("cost_anomaly",
        "pr_cost:5dlabs/cto#7:<!channel> ré", "Cost anomaly (PR cost): <!channel> ré & co spent $9.00",
        "{\"event\":\"cost_anomaly\",\"value\":9.000000001}", java.time.Instant.parse("2026-11-23T10:00:00Z"));
    sink(receiver.url("/json"), WebhookTarget.Format.JSON, Map.of(), null).announce(a);
    sink(receiver.url("/slack"), WebhookTarget.Format.SLACK, Map.of(), null).announce(a);

    assertThat(receiver.received().get(0).body()).isEqualTo("{\"event\":\"cost_anomaly\",\"value\":9.000000001}");
    assertThat(receiver.received().get(0).header("X-CTO-Delivery"))
        .isEqualTo("cost_anomaly:pr_cost%3A5dlabs%2Fcto%237%3A%3C%21channel%3E+r%C3%A9");
    assertThat(JSON.readTree(receiver.received().get(1).body()).get("text").asText())
        .isEqualTo(":mag: Cost anomaly (PR cost): &lt;!channel&gt; ré &amp; co spent $9.00");
  }

  @Test
  void aPrCommentSinkSettlesAnnouncementsWithoutPosting() throws Exception {
    RecordingCommentPort port = new RecordingCommentPort(java.time.Clock.systemUTC());
    new PrCommentSink(new PrCommentScheduler(port, () -> true, () -> java.time.Duration.ZERO, java.time.Clock.systemUTC(), 10))
        .announce(new dev.cto.costs.domain.Announcement("cost_anomaly", "daily_spend:2026-11-22", "spike",
            "{\"event\":\"cost_anomaly\"}", java.time.Instant.parse("2026-11-23T10:00:00Z")));
    assertThat(port.published).isEmpty();
  }

  @Test
  void headerAndUrlReferencesAreResolvedFromTheEnvironment() throws Exception {
    sink(receiver.url("${HOOK_PATH}"), WebhookTarget.Format.SLACK,
        Map.of("Authorization", "Bearer ${SLACK_TOKEN}"), null).deliver(CROSSING);

    WebhookReceiver.Received r = receiver.received().get(0);
    assertThat(r.path()).isEqualTo("/services/T1/B2/s3cr3t");
    assertThat(r.header("Authorization")).isEqualTo("Bearer xoxb-secret");
  }

  @Test
  void aMissingVariableIsNamedAndNoSecretAppearsInErrors() {
    assertThatThrownBy(() -> sink(receiver.url("/h"), WebhookTarget.Format.JSON, Map.of("X-Key", "${NOT_SET_ANYWHERE}"), null)
        .deliver(CROSSING))
        .hasMessageContaining("NOT_SET_ANYWHERE").hasMessageContaining("webhook:ops");
    receiver.answer(500);
    assertThatThrownBy(() -> sink(receiver.url("${HOOK_PATH}"), WebhookTarget.Format.JSON,
        Map.of("Authorization", "Bearer ${SLACK_TOKEN}"), null).deliver(CROSSING))
        .hasMessage("webhook:ops: HTTP 500")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t").doesNotContain("xoxb"));
  }

  @Test
  void retryAfterIsPassedOnAndATimeoutFailsTheAttempt() {
    receiver.answerWithRetryAfter(429, 42);
    assertThatThrownBy(() -> sink(receiver.url("/h"), WebhookTarget.Format.JSON, Map.of(), null).deliver(CROSSING))
        .isInstanceOfSatisfying(RetryLaterException.class, e -> assertThat(e.after()).isEqualTo(Duration.ofSeconds(42)));

    receiver.delay(3_000);
    long started = System.nanoTime();
    assertThatThrownBy(() -> sink(receiver.url("/slow"), WebhookTarget.Format.JSON, Map.of(), Duration.ofMillis(300)).deliver(CROSSING))
        .hasMessageContaining("webhook:ops").hasMessageContaining("Timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void anUnnamedWebhookIsKeyedByAHashOfItsUrlNotTheUrl() {
    WebhookTarget t = new WebhookTarget(null, "https://hooks.slack.com/services/T1/B2/s3cr3t", null, null, null);
    assertThat(t.id()).startsWith("webhook:").doesNotContain("s3cr3t").hasSize("webhook:".length() + 12);
    assertThat(t.id()).isEqualTo(new WebhookTarget(null, t.url(), WebhookTarget.Format.SLACK, null, null).id());
  }
}
