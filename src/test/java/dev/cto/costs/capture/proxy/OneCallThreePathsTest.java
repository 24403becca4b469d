package dev.cto.costs.capture.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.app.CostsApp;
import dev.cto.costs.capture.logs.AttributionFields;
import dev.cto.costs.capture.logs.Attributor;
import dev.cto.costs.capture.logs.ImportState;
import dev.cto.costs.capture.logs.ImportSummary;
import dev.cto.costs.capture.logs.LogImporter;
import dev.cto.costs.capture.logs.UsageSink;
import dev.cto.costs.collect.IngestResult;
import dev.cto.costs.web.ServerOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One Anthropic call, seen by all three capture paths at once (the proxy forwarded it, Claude Code
 * exported its OTLP event, and wrote it to its session log): one record, on SQLite and on
 * PostgreSQL. The paths name the call differently (message id, request id), but all know the
 * provider's request id, which the store keeps unique.
 */
class OneCallThreePathsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static EmbeddedPostgres postgres;
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @Test
  void oneRecordOnSqlite() throws Exception {
    oneRecord(new AppOptions(dir.resolve("costs.db"), null, null));
  }

  @Test
  void oneRecordOnPostgres() throws Exception {
    try (Connection c = postgres.getPostgresDatabase().getConnection()) {
      c.createStatement().execute("CREATE DATABASE three_paths");
    }
    String url = postgres.getJdbcUrl("postgres", "three_paths");
    oneRecord(new AppOptions(null, url, null));
  }

  private void oneRecord(AppOptions store) throws Exception {
    HttpServer anthropic = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    anthropic.createContext("/v1/messages", ex -> {
      ex.getRequestBody().readAllBytes();
      byte[] body = UsageTapTest.ANTHROPIC_JSON.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.getResponseHeaders().add("request-id", "req_011CThree");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    anthropic.start();
    Path config = dir.resolve("cost-config.json");
    Files.writeString(config, "{\"proxy\":{\"upstreams\":{\"anthropic\":\"http://127.0.0.1:" + anthropic.getAddress().getPort()
        + "\"}}}");
    AppOptions app = new AppOptions(store.dbPath(), store.dbUrl(), config);
    try (CollectorService service = CollectorService.start(app, new ServerOptions("127.0.0.1", 0, List.of(), 1 << 20, 1000, 14))) {
      // 1. the proxy
      assertThat(post(service, "/proxy/anthropic/v1/messages", "application/json",
          "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5}", "X-CTO-Agent", "rex", "X-CTO-Stage", "code").statusCode())
          .isEqualTo(200);
      await().atMost(Duration.ofSeconds(15)).until(() -> exported(service).size() == 1);

      // 2. Claude Code's OTLP event for the same call
      HttpResponse<String> otlp = post(service, "/v1/logs", "application/json", otlpEvent());
      assertThat(otlp.statusCode()).as(otlp.body()).isEqualTo(200);
      assertThat(otlp.body()).doesNotContain("rejected");

      // 3. the session log Claude Code wrote, imported through the collector
      Path projects = dir.resolve("projects");
      Path log = projects.resolve("-home-dev-cto/s-1.jsonl");
      Files.createDirectories(log.getParent());
      Files.writeString(log, logLine());
      ImportSummary imported;
      try (CostsApp importer = CostsApp.open(app)) {
        UsageSink sink = batch -> {
          IngestResult r = importer.collector().ingest(batch);
          return new UsageSink.Written(r.accepted(), r.duplicates(), r.acceptedCost(), r.unpricedAccepted());
        };
        imported = LogImporter.claudeCode().run(List.of(projects), ImportState.inMemory(),
            new Attributor(AttributionFields.NONE, List.of()), sink);
      }
      assertThat(imported.responses()).as("the log line was read as a call").isEqualTo(1);
      assertThat(imported.skipped()).isZero();

      List<JsonNode> records = exported(service);
      assertThat(records).hasSize(1);
      JsonNode r = records.get(0);
      assertThat(r.get("request_id").asText()).isEqualTo("req_011CThree");
      assertThat(r.get("id").asText()).isEqualTo("msg_01");
      assertThat(r.get("agent").asText()).isEqualTo("rex");
      assertThat(r.get("output_tokens").asLong()).isEqualTo(55);
      assertThat(JSON.readTree(get(service, "/v1/summary?since=2000-01-01").body()).get("records").asLong()).isEqualTo(1);
    } finally {
      anthropic.stop(0);
    }
  }

  private static String otlpEvent() {
    return """
        {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"claude-code"}}]},
          "scopeLogs":[{"logRecords":[
            {"timeUnixNano":"1790000000000000000","body":{"stringValue":"claude_code.api_request"},
             "attributes":[{"key":"event.name","value":{"stringValue":"api_request"}},
               {"key":"model","value":{"stringValue":"claude-sonnet-4-5-20250929"}},
               {"key":"request_id","value":{"stringValue":"req_011CThree"}},
               {"key":"session.id","value":{"stringValue":"s-1"}},
               {"key":"input_tokens","value":{"intValue":"12"}},{"key":"output_tokens","value":{"intValue":"55"}},
               {"key":"cache_read_tokens","value":{"intValue":"4000"}},
               {"key":"cache_creation_tokens","value":{"intValue":"300"}}]}]}]}]}
        """;
  }

  private static String logLine() {
    return "{\"parentUuid\":null,\"isSidechain\":false,\"message\":{\"model\":\"claude-sonnet-4-5-20250929\",\"id\":\"msg_01\","
        + "\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],"
        + "\"usage\":{\"input_tokens\":12,\"cache_creation_input_tokens\":300,\"cache_read_input_tokens\":4000,"
        + "\"cache_creation\":{\"ephemeral_5m_input_tokens\":100,\"ephemeral_1h_input_tokens\":200},\"output_tokens\":55}},"
        + "\"requestId\":\"req_011CThree\",\"type\":\"assistant\",\"uuid\":\"u\",\"timestamp\":\"2026-09-01T10:00:00.000Z\","
        + "\"cwd\":\"/home/dev/cto\",\"sessionId\":\"s-1\",\"gitBranch\":\"main\"}\n";
  }

  private List<JsonNode> exported(CollectorService service) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    JSON.readTree(get(service, "/v1/export?since=2000-01-01").body()).forEach(out::add);
    return out;
  }

  private HttpResponse<String> get(CollectorService service, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(CollectorService service, String path, String type, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
