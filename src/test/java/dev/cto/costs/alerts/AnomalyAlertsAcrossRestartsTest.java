package dev.cto.costs.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.analytics.AnalyticsScope;
import dev.cto.costs.analytics.Anomaly;
import dev.cto.costs.analytics.AnomalyData;
import dev.cto.costs.analytics.AnomalyService;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.store.jdbc.JdbcStore;
import dev.cto.costs.web.ServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} end to end: four months of generated work with planted anomalies, moved so that
 * they end yesterday, in a SQLite file. serve finds the anomalies of its look-back on its own
 * schedule and announces each once, as a JSON webhook and a Slack message (real receivers on
 * 127.0.0.1), the log and the {@code cost_anomalies} counter. A restart announces nothing again;
 * a spike that happens afterwards is announced, once.
 */
class AnomalyAlertsAcrossRestartsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int LOOKBACK_DAYS = 60;

  @TempDir Path dir;
  private WebhookReceiver receiver;

  @AfterEach
  void stop() {
    if (receiver != null) {
      receiver.close();
    }
  }

  private Path config() throws Exception {
    return Files.writeString(dir.resolve("cost-config.yaml"), """
        alerts:
          retry_delay: 200ms
          anomalies: {every: 1s, lookback_days: %d}
          webhooks:
            - {name: ops, url: '%s'}
            - {name: chat, url: '%s', format: slack}
        """.formatted(LOOKBACK_DAYS, receiver.url("/ops"), receiver.url("/chat")));
  }

  private CollectorService start(Path config) {
    return CollectorService.start(new AppOptions(dir.resolve("costs.db"), null, config),
        new ServerOptions("127.0.0.1", 0, List.of(), 1 << 20, 1000, 14));
  }

  /** The generated history, moved so its last day is yesterday (UTC): serve looks back from today. */
  private static List<PricedUsage> endingYesterday(AnomalyData data) {
    long shift = LocalDate.now(ZoneOffset.UTC).minusDays(1).toEpochDay() - AnomalyData.LAST.toEpochDay();
    List<PricedUsage> moved = new ArrayList<>();
    for (PricedUsage p : data.records()) {
      UsageRecord r = p.record();
      moved.add(new PricedUsage(new UsageRecord(r.id(), r.attribution(), r.cli(), r.model(), r.provider(), r.tokens(),
          r.sessionId(), r.requestId(), r.timestamp().plus(Duration.ofDays(shift)), r.source()),
          p.provider(), p.cost(), p.priced(), p.cacheSavings()));
    }
    return moved;
  }

  /** The requests to {@code path} that were answered 200: the retried 500 is not an announcement. */
  private List<WebhookReceiver.Received> at(String path) {
    return receiver.received().stream().filter(r -> r.path().equals(path) && r.answered() == 200).toList();
  }

  /** (kind, subject) of each JSON alert received, as the report names them. */
  private Map<String, JsonNode> jsonAlerts() throws Exception {
    Map<String, JsonNode> byKey = new TreeMap<>();
    for (WebhookReceiver.Received r : at("/ops")) {
      JsonNode alert = JSON.readTree(r.body());
      String key = alert.get("kind").asText() + " " + (alert.get("pr_number").isNull() ? alert.get("date").asText()
          : alert.get("repository").asText() + "#" + alert.get("pr_number").asLong() + ":" + alert.get("agent").asText());
      assertThat(byKey.put(key, alert)).as("announced twice: %s", key).isNull();
    }
    return byKey;
  }

  private Set<String> reportKeys() {
    try (JdbcStore store = JdbcStore.openSqlite(dir.resolve("costs.db"))) {
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      return new AnomalyService(store).anomalies(new AnalyticsScope(today.minusDays(LOOKBACK_DAYS - 1L), today, null, null), null)
          .anomalies().stream().map(a -> a.kind() + " " + a.subject()).collect(Collectors.toSet());
    }
  }

  private static String scrape(CollectorService service) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void eachAnomalyIsAnnouncedOnceThroughEverySinkAcrossRestarts() throws Exception {
    receiver = new WebhookReceiver();
    AnomalyData data = AnomalyData.generate(7);
    try (JdbcStore store = JdbcStore.openSqlite(dir.resolve("costs.db"))) {
      store.insert(endingYesterday(data));
    }
    Set<String> expected = reportKeys();
    // the planted cases of the look-back are among them: the generator plants in every month
    assertThat(expected).anyMatch(k -> k.startsWith("pr_cost ")).anyMatch(k -> k.startsWith("iteration_loop "))
        .anyMatch(k -> k.startsWith("daily_spend "));
    Path config = config();
    receiver.answer(500); // the first delivery fails once and is retried

    try (CollectorService service = start(config)) {
      Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> at("/ops").size() >= expected.size()
          && at("/chat").size() >= expected.size());
      Thread.sleep(1_500); // more looks, more dispatcher polls: nothing more may arrive
      Map<String, JsonNode> alerts = jsonAlerts();
      assertThat(alerts.keySet()).isEqualTo(expected);
      assertThat(at("/chat")).hasSize(expected.size());
      JsonNode one = alerts.values().iterator().next();
      assertThat(one.get("event").asText()).isEqualTo(Anomaly.EVENT);
      assertThat(one.get("detected_at").asText()).isNotBlank();
      assertThat(one.get("explanation").asText()).isNotBlank();
      assertThat(at("/chat")).allMatch(r -> r.body().startsWith("{\"text\":\":mag: Cost anomaly ("));
      assertThat(at("/ops")).extracting(r -> r.header("X-CTO-Delivery")).allMatch(id -> id.startsWith("cost_anomaly:"));
      long prCost = expected.stream().filter(k -> k.startsWith("pr_cost ")).count();
      assertThat(scrape(service)).contains("cost_anomalies_total{kind=\"pr_cost\"} " + prCost + ".0");
    }
    int before = receiver.received().size();

    try (CollectorService restarted = start(config)) {
      Thread.sleep(3_000); // the first look comes after 1 s, then one a second
      assertThat(receiver.received()).as("nothing is announced again after a restart").hasSize(before);

      // today's spend jumps far above the usual: one new daily_spend alert, once
      String body = "{\"id\":\"spike\",\"repository\":\"5dlabs/cto\",\"pr_number\":99999,\"agent\":\"rex\","
          + "\"model\":\"claude-opus-4-1\",\"input_tokens\":100000000,\"output_tokens\":10000000,\"stage\":\"code\"}";
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restarted.port() + "/v1/usage"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      String today = "daily_spend " + LocalDate.now(ZoneOffset.UTC);
      Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> jsonAlerts().containsKey(today));
      Thread.sleep(2_000);
      assertThat(jsonAlerts().keySet()).isEqualTo(reportKeys());
    }
  }
}
