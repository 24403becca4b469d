package dev.cto.costs.web;

import static dev.cto.costs.web.Usage.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service over real HTTP on 127.0.0.1: every endpoint, every input form, auth on and off. */
class HttpServiceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private CollectorService service;

  private Http start(List<String> tokens) {
    service = CollectorService.start(new AppOptions(dir.resolve("costs.db"), null, null),
        new ServerOptions("127.0.0.1", 0, tokens, 64 * 1024, 1000, 14));
    return new Http(service.port(), tokens.isEmpty() ? null : tokens.get(0));
  }

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void everyInputFormIsAcceptedAndAcknowledgedWithCosts() throws Exception {
    Http http = start(List.of());

    HttpResponse<String> one = http.post("/v1/usage", "application/json", record("a", 1, "rex", "claude-sonnet", 10_000, 5_000));
    assertThat(one.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(one.body());
    assertThat(body.get("accepted").asInt()).isEqualTo(1);
    assertThat(body.get("records").get(0).get("cost_usd").decimalValue()).isEqualByComparingTo("0.105");
    assertThat(body.get("records").get(0).get("priced").asBoolean()).isTrue();

    assertThat(JSON.readTree(http.post("/v1/usage", "application/json", "[" + record("b", 1, "rex", "m", 1, 1) + "," + record("c", 1, "rex", "m", 1, 1) + "]").body())
        .get("accepted").asInt()).isEqualTo(2);
    assertThat(JSON.readTree(http.post("/v1/usage", "application/json; charset=utf-8", "{\"records\":[" + record("d", 1, "cleo", "m", 1, 1) + "]}").body())
        .get("accepted").asInt()).isEqualTo(1);
    HttpResponse<String> ndjson = http.post("/v1/usage", "application/x-ndjson", record("e", 2, "rex", "m", 1, 1) + "\n" + record("a", 1, "rex", "claude-sonnet", 1, 1) + "\n");
    assertThat(JSON.readTree(ndjson.body()).get("duplicates").asInt()).isEqualTo(1);

    JsonNode pr = JSON.readTree(http.get("/v1/prs/1?repo=5dlabs/cto&detailed=true").body());
    assertThat(pr.get("records").asInt()).isEqualTo(4);
    assertThat(pr.get("iterations")).isNotNull();
    assertThat(pr.get("unpriced").get(0).get("model").asText()).isEqualTo("m");
  }

  /**
   * A request whose record the database refuses (a trigger here, a constraint no validation knows)
   * gets 422, not the 503 that tells a client to send it again; other requests are stored.
   */
  @Test
  void aRequestTheDatabaseRefusesGets422AndOthersAreStored() throws Exception {
    Http http = start(List.of());
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("costs.db"))) {
      c.createStatement().execute("CREATE TRIGGER refuse BEFORE INSERT ON token_usage WHEN NEW.agent = 'refused'"
          + " BEGIN SELECT RAISE(ABORT, 'refused by a test constraint'); END");
    }

    HttpResponse<String> refused = http.post("/v1/usage", "application/x-ndjson",
        record("ok-1", 1, "rex", "claude-sonnet-4-5", 10, 1) + "\n" + record("bad-1", 1, "refused", "claude-sonnet-4-5", 10, 1));
    HttpResponse<String> fine = http.post("/v1/usage", "application/x-ndjson", record("ok-2", 1, "rex", "claude-sonnet-4-5", 10, 1));

    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.headers().firstValue("Retry-After")).isEmpty();
    assertThat(refused.body()).contains("nothing of this request was stored").doesNotContain("costs.db");
    assertThat(fine.statusCode()).isEqualTo(200);
    JsonNode export = JSON.readTree(http.get("/v1/export").body());
    assertThat(export).extracting(r -> r.get("id").asText()).containsExactly("ok-2");
  }

  @Test
  void queryEndpointsReturnTheCliDocuments() throws Exception {
    Http http = start(List.of());
    http.post("/v1/usage", "application/x-ndjson", record("a", 1, "rex", "claude-sonnet", 1_000_000, 0) + "\n" + record("b", 2, "rex", "claude-sonnet", 2_000_000, 0) + "\n");

    assertThat(JSON.readTree(http.get("/v1/agents/rex?since=2026-03-01").body()).get("total_cost_usd").decimalValue()).isEqualByComparingTo("9");
    assertThat(JSON.readTree(http.get("/v1/compare?prs=2,1").body()).get("reports").get(0).get("pr_number").asInt()).isEqualTo(2);
    assertThat(JSON.readTree(http.get("/v1/summary?month=2026-03").body()).get("prs").asInt()).isEqualTo(2);
    assertThat(JSON.readTree(http.get("/v1/summary?since=2026-01-01").body()).get("records").asInt()).isEqualTo(2);
    JsonNode export = JSON.readTree(http.get("/v1/export?since=2026-01-01").body());
    assertThat(export).hasSize(2);
    assertThat(http.get("/v1/export?format=csv").body().lines().count()).isEqualTo(3);
    assertThat(JSON.readTree(http.get("/v1/openapi.json").body()).get("paths").has("/v1/usage")).isTrue();

    assertThat(http.get("/v1/prs/99").statusCode()).isEqualTo(404);
    assertThat(http.get("/v1/prs/99").body()).contains("no cost data for PR 99");
    assertThat(http.get("/v1/prs/abc").statusCode()).isEqualTo(400);
    assertThat(http.get("/v1/agents/rex?since=yesterday").body()).contains("since: 'yesterday' is not a date");
    assertThat(http.get("/v1/compare").statusCode()).isEqualTo(400);
    assertThat(http.get("/v1/export?format=xml").statusCode()).isEqualTo(400);
  }

  @Test
  void healthReadinessAndMetrics() throws Exception {
    Http http = start(List.of());
    http.post("/v1/usage", "application/json", record("a", 1, "rex", "claude-sonnet", 1000, 10));

    assertThat(http.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(http.get("/readyz").statusCode()).isEqualTo(200);
    String metrics = http.get("/metrics").body();
    assertThat(metrics).contains("token_usage_total{agent=\"rex\",model=\"claude-sonnet\",source=\"http\",type=\"input\"} 1000.0");
    assertThat(metrics).contains("cost_collector_records_total{outcome=\"accepted\",source=\"http\"} 1.0");
    assertThat(metrics).contains("cost_recording_duration_seconds_count{agent=\"rex\",stage=\"code\"} 1");
    assertThat(metrics).contains("jvm_memory_used_bytes");
  }

  @Test
  void withATokenEverythingButHealthNeedsIt() throws Exception {
    Http http = start(List.of("s3cret", "other"));
    Http anonymous = new Http(service.port(), null);
    Http wrong = new Http(service.port(), "guess");

    assertThat(anonymous.post("/v1/usage", "application/json", record("a", 1, "rex", "m", 1, 1)).statusCode()).isEqualTo(401);
    assertThat(wrong.get("/v1/summary").statusCode()).isEqualTo(401);
    assertThat(anonymous.get("/metrics").statusCode()).isEqualTo(401);
    assertThat(anonymous.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(anonymous.get("/readyz").statusCode()).isEqualTo(200);
    assertThat(http.post("/v1/usage", "application/json", record("a", 1, "rex", "m", 1, 1)).statusCode()).isEqualTo(200);
    assertThat(new Http(service.port(), "other").get("/v1/prs/1").statusCode()).isEqualTo(200);
  }
}
