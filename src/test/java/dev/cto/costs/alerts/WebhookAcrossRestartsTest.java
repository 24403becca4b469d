package dev.cto.costs.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.domain.ThresholdLevel;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.AlertOutbox.DeliveryState;
import dev.cto.costs.store.AlertOutbox.Status;
import dev.cto.costs.store.jdbc.JdbcStore;
import dev.cto.costs.web.ServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} end to end: usage over HTTP crosses a threshold, the webhook (a real receiver on
 * 127.0.0.1) first answers 500 and then 200, and restarts on the same SQLite file never send the
 * alert again; a crossing recorded before a crash is delivered by the next start.
 */
class WebhookAcrossRestartsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  private final WebhookReceiver receiver = newReceiver();

  private static WebhookReceiver newReceiver() {
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

  private Path config() throws Exception {
    return Files.writeString(dir.resolve("cost-config.yaml"), """
        warning_threshold: 1
        error_threshold: 100
        extends_default_pricing: true
        pricing:
          - {model: house-model, input_cost_per_million: 1, output_cost_per_million: 0}
        alerts:
          retry_delay: 200ms
          webhooks:
            - name: ops
              url: %s
              headers: {X-Home: "${HOME}"}
        """.formatted(receiver.url("/cost-alerts")));
  }

  private CollectorService start(Path config) {
    return CollectorService.start(new AppOptions(dir.resolve("costs.db"), null, config),
        new ServerOptions("127.0.0.1", 0, List.of(), 1 << 20, 1000, 14));
  }

  /** $0.60 of house-model on PR {@code pr}. */
  private static void post(CollectorService service, String id, long pr) throws Exception {
    String body = "{\"id\":\"" + id + "\",\"repository\":\"5dlabs/cto\",\"pr_number\":" + pr
        + ",\"agent\":\"rex\",\"model\":\"house-model\",\"input_tokens\":600000,\"output_tokens\":0,\"stage\":\"code\"}";
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/v1/usage"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static String scrape(CollectorService service) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private List<DeliveryState> deliveries(long pr) {
    try (JdbcStore store = JdbcStore.openSqlite(dir.resolve("costs.db"))) {
      return store.deliveries("5dlabs/cto", pr);
    }
  }

  @Test
  void deliveredOncePerCrossingAcrossRestartsAndUndeliveredCrossingsSurviveACrash() throws Exception {
    Path config = config();
    receiver.answer(500);
    try (CollectorService service = start(config)) {
      post(service, "a", 1);
      post(service, "b", 1); // $1.20 ≥ $1: warning

      Awaitility.await().atMost(15, TimeUnit.SECONDS).until(() -> receiver.received().size() >= 2);
      Awaitility.await().atMost(15, TimeUnit.SECONDS)
          .until(() -> deliveries(1).equals(List.of(new DeliveryState("webhook:ops", Status.DELIVERED, 2, null))));
      assertThat(receiver.received()).extracting(WebhookReceiver.Received::answered).containsExactly(500, 200);
      JsonNode alert = JSON.readTree(receiver.received().get(1).body());
      assertThat(alert.get("repository").asText()).isEqualTo("5dlabs/cto");
      assertThat(alert.get("pr").asLong()).isEqualTo(1);
      assertThat(alert.get("level").asText()).isEqualTo("warning");
      assertThat(alert.get("threshold_usd").decimalValue()).isEqualByComparingTo("1");
      assertThat(alert.get("total_usd").decimalValue()).isEqualByComparingTo("1.2");
      assertThat(receiver.received().get(1).header("X-Home")).isEqualTo(System.getenv("HOME"));

      // the original Prometheus counter counts the crossing
      assertThat(scrape(service)).contains("cost_threshold_violations_total{type=\"warning\"} 1.0");

      post(service, "c", 1); // more spend on the same PR: no new crossing
      Thread.sleep(800);
      assertThat(receiver.received()).hasSize(2);
    }

    try (CollectorService restarted = start(config)) {
      post(restarted, "d", 1);
      Thread.sleep(1_000); // several dispatcher polls (every 200ms)
      assertThat(receiver.received()).as("nothing is sent twice after a restart").hasSize(2);
    }

    // a crash right after recording a crossing, before any alert went out
    try (JdbcStore store = JdbcStore.openSqlite(dir.resolve("costs.db"))) {
      assertThat(store.recordCrossing(new ThresholdCrossing("5dlabs/cto", 2, ThresholdLevel.WARNING, Usd.of("1"),
          Usd.of("1.5"), Instant.parse("2026-11-23T12:00:00Z")))).isTrue();
    }
    try (CollectorService afterCrash = start(config)) {
      Awaitility.await().atMost(15, TimeUnit.SECONDS).until(() -> receiver.received().size() == 3);
      assertThat(JSON.readTree(receiver.received().get(2).body()).get("pr").asLong()).isEqualTo(2);
      Awaitility.await().atMost(15, TimeUnit.SECONDS)
          .until(() -> deliveries(2).equals(List.of(new DeliveryState("webhook:ops", Status.DELIVERED, 1, null))));
    }
    try (CollectorService again = start(config)) {
      Thread.sleep(1_000);
      assertThat(receiver.received()).hasSize(3);
    }
  }

  @Test
  void aSlowWebhookDoesNotDelayIngestAndWebhooksAddedByAReloadReceiveLaterCrossings() throws Exception {
    Path config = config();
    receiver.delay(3_000); // every answer takes 3 s (under the 10 s timeout)
    try (WebhookReceiver second = new WebhookReceiver(); CollectorService service = start(config)) {
      for (long pr = 10; pr < 13; pr++) {
        long started = System.nanoTime();
        post(service, "s" + pr, pr);
        post(service, "t" + pr, pr); // crosses $1
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
            .as("ingest of PR %d while the webhook hangs", pr).isLessThan(java.time.Duration.ofSeconds(2));
      }

      // queued for the first webhook (it is still busy answering) before the second one is added
      Awaitility.await().atMost(15, TimeUnit.SECONDS).until(() -> deliveries(12).size() == 1);
      Files.writeString(config, Files.readString(config) + "    - {name: second, url: '" + second.url("/second") + "', format: slack}\n");
      // bounded, with room for a loaded CI machine: the reload (every 2 s) and the first webhook's
      // queue of 3 s answers come before the second webhook's delivery
      Awaitility.await().atMost(60, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS).until(() -> {
        post(service, "probe-" + System.nanoTime(), 20); // PR 20 reaches $1 on the second probe
        return !second.received().isEmpty();
      });
      assertThat(JSON.readTree(second.received().get(0).body()).get("text").asText()).contains("PR 5dlabs/cto#20 ");
      assertThat(second.received()).hasSize(1);
    }
  }
}
