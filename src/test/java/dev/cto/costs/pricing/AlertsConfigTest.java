package dev.cto.costs.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code alerts} section and {@code comment_min_interval}, in YAML and JSON. */
class AlertsConfigTest {

  private static CostConfig parse(String text, String name) {
    CostConfig config = CostConfigLoader.parse(text.getBytes(StandardCharsets.UTF_8), name);
    CostConfigLoader.toSettings(config, name);
    return config;
  }

  @Test
  void yamlWithWebhooksAndAnInterval() {
    CostConfig c = parse("""
        post_to_pr: true
        comment_min_interval: 5m
        alerts:
          retry_delay: 30s
          webhooks:
            - url: https://hooks.slack.com/services/${SLACK_HOOK}
              format: slack
            - name: ops
              url: https://ops.example.com/cost-alerts
              headers: {Authorization: "Bearer ${OPS_TOKEN}", X-Team: platform}
              timeout: 3s
        """, "c.yaml");
    assertThat(c.commentMinInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.alerts.retryDelay).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.alerts.webhooks).hasSize(2);
    assertThat(c.alerts.webhooks.get(0).format).isEqualTo("slack");
    assertThat(c.alerts.webhooks.get(1).headers).isEqualTo(Map.of("Authorization", "Bearer ${OPS_TOKEN}", "X-Team", "platform"));
    assertThat(c.alerts.webhooks.get(1).timeout).isEqualTo(Duration.ofSeconds(3));
  }

  @ParameterizedTest
  @CsvSource({"5m,300", "30s,30", "300s,300", "1h,3600", "PT2M,120"})
  void jsonIntervals(String text, long seconds) {
    CostConfig c = parse("{\"comment_min_interval\": \"" + text + "\", \"alerts\": {\"webhooks\": [{\"url\": \"http://127.0.0.1:9/h\"}]}}", "c.json");
    assertThat(c.commentMinInterval()).isEqualTo(Duration.ofSeconds(seconds));
  }

  @Test
  void anomalyAlertsAreOnByDefaultAndTheirSettingsAreChecked() {
    AlertsConfig.Anomalies defaults = new AlertsConfig.Anomalies();
    assertThat(defaults.isEnabled()).isTrue();
    assertThat(defaults.everyOrDefault()).isEqualTo(Duration.ofMinutes(15));
    assertThat(defaults.lookbackDaysOrDefault()).isEqualTo(7);

    CostConfig c = parse("alerts: {anomalies: {enabled: false, every: 1h, lookback_days: 3}}\n", "c.yaml");
    assertThat(c.alerts.anomalies.isEnabled()).isFalse();
    assertThat(c.alerts.anomalies.everyOrDefault()).isEqualTo(Duration.ofHours(1));
    assertThat(c.alerts.anomalies.lookbackDaysOrDefault()).isEqualTo(3);

    assertThatThrownBy(() -> parse("alerts: {anomalies: {lookback_days: 0}}\n", "c.yaml"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("alerts.anomalies.lookback_days");
    assertThatThrownBy(() -> parse("alerts: {anomalies: {every: 10ms}}\n", "c.yaml"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("alerts.anomalies.every");
    assertThatThrownBy(() -> parse("alerts: {anomalies: {lookback: 3}}\n", "c.yaml"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("lookback");
  }

  @Test
  void aBadDurationIsNamedWithItsPath() {
    assertThatThrownBy(() -> parse("comment_min_interval: 5 minutes\n", "c.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("comment_min_interval").hasMessageContaining("5 minutes");
    assertThatThrownBy(() -> parse("alerts: {webhooks: [{url: 'http://x.example/h', timeout: soon}]}\n", "c.yaml"))
        .hasMessageContaining("alerts.webhooks[0].timeout");
  }

  @Test
  void everyWebhookProblemIsReportedAtOnceWithoutQuotingUrls() {
    assertThatThrownBy(() -> parse("""
        alerts:
          webhooks:
            - format: teams
            - url: ftp://files.example.com/s3cr3t
              headers: {"Bad Header": x, X-Ok: "${unclosed"}
            - url: https://a.example/h
            - url: https://a.example/h
        """, "c.yaml"))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
            "alerts.webhooks[0].url: missing",
            "alerts.webhooks[0].format: must be json or slack, was teams",
            "alerts.webhooks[1].url: must be an absolute http:// or https:// URL or ${ENV_VAR} reference",
            "alerts.webhooks[1].headers: \"Bad Header\" is not a valid header name",
            "alerts.webhooks[1].headers.X-Ok: a reference must look like ${ENV_VAR}",
            "alerts.webhooks[3]: the same url as an earlier webhook; give each a distinct name"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
  }

  @Test
  void anUnknownKeyInsideAlertsIsRefused() {
    assertThatThrownBy(() -> parse("alerts: {webhook: []}\n", "c.yaml"))
        .hasMessageContaining("line 1, column 10: unknown key 'alerts.webhook' (did you mean 'alerts.webhooks'?)");
  }

  @Test
  void aWholeUrlFromTheEnvironmentIsAccepted() {
    assertThat(parse("alerts: {webhooks: [{url: '${SLACK_WEBHOOK_URL}', format: slack}]}\n", "c.yaml").alerts.webhooks).hasSize(1);
  }
}
