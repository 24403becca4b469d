package dev.cto.costs.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.web.ServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} end to end: spend over HTTP reaches a monthly budget's {@code alert_at} fractions;
 * each is announced once to a webhook (a real receiver on 127.0.0.1), also across a restart, and
 * counted in {@code cost_budget_alerts_total}.
 */
class BudgetAlertsAcrossRestartsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  private WebhookReceiver receiver;

  @AfterEach
  void stop() {
    if (receiver != null) {
      receiver.close();
    }
  }

  private CollectorService start(Path config) {
    return CollectorService.start(new AppOptions(dir.resolve("costs.db"), null, config),
        new ServerOptions("127.0.0.1", 0, List.of(), 1 << 20, 1000, 14));
  }

  /** $0.60 of house-model. */
  private static void post(CollectorService service, String id) throws Exception {
    String body = "{\"id\":\"" + id + "\",\"repository\":\"5dlabs/cto\",\"pr_number\":1,\"agent\":\"rex\","
        + "\"model\":\"house-model\",\"input_tokens\":600000,\"output_tokens\":0,\"stage\":\"code\"}";
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/v1/usage"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  /** The alert_at fractions announced so far, in order. */
  private List<String> thresholds() throws Exception {
    List<String> fractions = new ArrayList<>();
    for (WebhookReceiver.Received r : receiver.received()) {
      JsonNode alert = JSON.readTree(r.body());
      if (alert.get("event").asText().equals("budget_threshold")) {
        assertThat(alert.get("budget").asText()).isEqualTo("month-all");
        fractions.add(alert.get("alert_at").decimalValue().stripTrailingZeros().toPlainString());
      }
    }
    return fractions;
  }

  @Test
  void eachAlertAtFractionIsAnnouncedOncePerPeriodAcrossRestarts() throws Exception {
    receiver = new WebhookReceiver();
    Path config = Files.writeString(dir.resolve("cost-config.yaml"), """
        warning_threshold: 100
        error_threshold: 200
        extends_default_pricing: true
        pricing:
          - {model: house-model, input_cost_per_million: 1, output_cost_per_million: 0}
        budgets:
          - {name: month-all, scope: {}, period: month, limit_usd: 1, alert_at: [0.5, 1.0]}
        alerts:
          retry_delay: 200ms
          anomalies: {enabled: false}
          webhooks:
            - {name: ops, url: '%s'}
        """.formatted(receiver.url("/ops")));

    try (CollectorService service = start(config)) {
      post(service, "a"); // $0.60: 50 %
      Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> thresholds().equals(List.of("0.5")));
      post(service, "b"); // $1.20: 100 %
      Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> thresholds().equals(List.of("0.5", "1")));
      String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics).contains("cost_budget_alerts_total{event=\"budget_threshold\"} 2.0");
    }
    int before = receiver.received().size();
    try (CollectorService restarted = start(config)) {
      post(restarted, "c");
      Thread.sleep(7_000); // more than one budget refresh (every 5 s)
      assertThat(receiver.received()).as("nothing is announced again after a restart").hasSize(before);
    }
    long forecasts = receiver.received().stream().filter(r -> r.body().contains("\"event\":\"budget_forecast\"")).count();
    // whether a forecast is due here depends on the calendar date (a tenth of the month must have
    // passed); exactly once per period is proved with a fixed clock in BudgetAlertsOncePerPeriodTest
    assertThat(forecasts).as("a run-out forecast at most once (none once the budget is spent)").isLessThanOrEqualTo(1);
  }
}
