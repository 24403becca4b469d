package dev.cto.costs.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.cli.CliRun;
import dev.cto.costs.metrics.CostMetrics;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every capture path reaches the collector's meters under its own {@code source} label: the
 * proxy, OTLP and the log import as well as {@code POST /v1/usage}; client-made label values are
 * capped; refusals and the spool are visible. Real service, real HTTP, a loopback provider.
 */
class MetricsBySourceTest {

  @TempDir Path dir;
  private CollectorService service;
  private HttpServer upstream;

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
    if (upstream != null) {
      upstream.stop(0);
    }
  }

  private Http start(String config) throws Exception {
    Path file = Files.writeString(dir.resolve("cost-config.json"), config);
    service = CollectorService.start(new AppOptions(dir.resolve("costs.db"), null, file),
        new ServerOptions("127.0.0.1", 0, List.of(), 16 << 20, 100_000, 14));
    return new Http(service.port(), null);
  }

  @Test
  void aProxiedCallIsCountedAsProxy() throws Exception {
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/v1/messages", ex -> {
      ex.getRequestBody().readAllBytes();
      byte[] body = ANTHROPIC_JSON.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    upstream.start();
    Http http = start("{\"proxy\":{\"upstreams\":{\"anthropic\":\"http://127.0.0.1:" + upstream.getAddress().getPort() + "\"}}}");

    var request = java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + service.port() + "/proxy/anthropic/v1/messages"))
        .header("Content-Type", "application/json").header("X-CTO-Agent", "rex").header("X-CTO-Stage", "code")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5}")).build();
    assertThat(java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString())
        .statusCode()).isEqualTo(200);

    // the proxy records after answering the agent: wait for the commit
    String series = "token_usage_total{agent=\"rex\",model=\"claude-sonnet-4-5-20250929\",source=\"proxy\",type=\"output\"} 55.0";
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/metrics").body().contains(series));
    assertThat(http.get("/metrics").body()).contains("cost_collector_records_total{outcome=\"accepted\",source=\"proxy\"} 1.0");
  }

  @Test
  void anOtlpExportIsCountedAsOtlpAndItsBadEventAsRejected() throws Exception {
    Http http = start("{}");
    String body = """
        {"resourceLogs":[{"resource":{"attributes":[{"key":"cto.agent","value":{"stringValue":"cleo"}}]},
          "scopeLogs":[{"logRecords":[
            {"timeUnixNano":"1790000000000000000","body":{"stringValue":"claude_code.api_request"},
             "attributes":[{"key":"event.name","value":{"stringValue":"api_request"}},
               {"key":"model","value":{"stringValue":"claude-haiku-4-5"}},
               {"key":"request_id","value":{"stringValue":"req_ok"}},
               {"key":"input_tokens","value":{"intValue":"10"}},{"key":"output_tokens","value":{"stringValue":"5"}}]},
            {"timeUnixNano":"1790000000000000001","body":{"stringValue":"claude_code.api_request"},
             "attributes":[{"key":"input_tokens","value":{"intValue":"10"}}]}]}]}]}
        """;
    assertThat(http.post("/v1/logs", "application/json", body).statusCode()).isEqualTo(200);

    String metrics = http.get("/metrics").body();
    assertThat(metrics).contains("token_usage_total{agent=\"cleo\",model=\"claude-haiku-4-5\",source=\"otlp\",type=\"input\"} 10.0");
    assertThat(metrics).contains("cost_collector_rejected_records_total{reason=\"invalid_record\",source=\"otlp\"} 1.0");
  }

  @Test
  void aLogImportToTheServiceIsCountedAsImport() throws Exception {
    Http http = start("{}");
    Path log = dir.resolve("claude/projects/p/s.jsonl");
    Files.createDirectories(log.getParent());
    Files.writeString(log, CLAUDE_LINE);

    CliRun run = CliRun.cli("costs", "import", "claude-code", "--settle", "0", "--agent", "tess", "--stage", "docs",
        "--state", dir.resolve("state.json").toString(), "--server", "http://127.0.0.1:" + service.port(),
        dir.resolve("claude").toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(http.get("/metrics").body())
        .contains("token_usage_total{agent=\"tess\",model=\"claude-sonnet-4-5-20250929\",source=\"import\",type=\"output\"} 42.0");
  }

  @Test
  void tenThousandAgentNamesMakeAtMostTheCapPlusOtherSeriesAndKeepEveryToken() throws Exception {
    Http http = start("{}");
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      body.append("{\"id\":\"r").append(i).append("\",\"agent\":\"agent-").append(i)
          .append("\",\"model\":\"claude-sonnet-4-5\",\"stage\":\"code\",\"input_tokens\":3,\"output_tokens\":1}\n");
    }
    assertThat(http.post("/v1/usage", "application/x-ndjson", body.toString()).statusCode()).isEqualTo(200);

    Map<String, Double> inputByAgent = series(http.get("/metrics").body(), "token_usage_total", "type=\"input\"");
    assertThat(inputByAgent).hasSizeLessThanOrEqualTo(CostMetrics.DEFAULT_LABEL_CAP + 1).containsKey("other");
    // nothing dropped: the overflow is summed under "other"
    assertThat(inputByAgent.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(30_000.0);
    assertThat(inputByAgent.get("other")).isEqualTo(3.0 * (10_000 - CostMetrics.DEFAULT_LABEL_CAP));
  }

  @Test
  void rejectionsByReasonSpoolDepthAndStoreStateAreExposed() throws Exception {
    // collection switched off: the spooled proxy records cannot be replayed and stay in the spool
    Files.writeString(dir.resolve("proxy-spool.ndjson"), String.join("", List.of(
        spooled("s1"), spooled("s2"), spooled("s3"))));
    Http http = start("{\"enabled\":false}");
    http.post("/v1/usage", "application/json", "{\"agent\":1,\"model\":\"m\",\"stage\":\"s\",\"input_tokens\":1,\"output_tokens\":1}");
    http.post("/v1/usage", "application/x-ndjson", "{\"agent\":\"a\",\"model\":\"m\",\"stage\":\"s\",\"input_tokens\":-1,\"output_tokens\":1}\n"
        + "{\"agent\":\"a\",\"model\":\"m\",\"stage\":\"s\",\"input_tokens\":1,\"output_tokens\":1,\"colour\":\"red\"}\n");

    // the spool and store gauges are read in the background, not on the scrape: wait for the first reading
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/metrics").body().contains("cost_proxy_spool_records 3.0"));
    String metrics = http.get("/metrics").body();
    assertThat(metrics).contains("cost_collector_rejected_records_total{reason=\"invalid_agent\",source=\"http\"} 1.0");
    assertThat(metrics).contains("cost_collector_rejected_records_total{reason=\"invalid_input_tokens\",source=\"http\"} 1.0");
    // a client-made field name is no label value
    assertThat(metrics).contains("cost_collector_rejected_records_total{reason=\"invalid_unknown_field\",source=\"http\"} 1.0")
        .doesNotContain("colour");
    assertThat(metrics).contains("cost_proxy_spool_records 3.0");
    assertThat(metrics).contains("cost_store_up 1.0").contains("cost_store_condition{condition=\"up\"} 1.0")
        .contains("cost_store_condition{condition=\"disk_full\"} 0.0");
  }

  @Test
  void aDeletedDatabaseShowsInTheStoreStateMetrics() throws Exception {
    Http http = start("{}");
    Files.delete(dir.resolve("costs.db"));

    String metrics = http.get("/metrics").body();
    assertThat(metrics).contains("cost_store_up 0.0").contains("cost_store_condition{condition=\"file_gone\"} 1.0")
        .contains("cost_store_condition{condition=\"up\"} 0.0");
  }

  /** Value per {@code agent} of the lines of {@code name} that contain {@code also}. */
  private static Map<String, Double> series(String exposition, String name, String also) {
    Pattern agent = Pattern.compile("agent=\"([^\"]*)\"");
    Map<String, Double> byAgent = new TreeMap<>();
    for (String line : exposition.lines().filter(l -> l.startsWith(name + "{") && l.contains(also)).toList()) {
      Matcher m = agent.matcher(line);
      assertThat(m.find()).as(line).isTrue();
      byAgent.merge(m.group(1), Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
    }
    return byAgent;
  }

  private static String spooled(String id) {
    return "{\"id\":\"" + id + "\",\"agent\":\"rex\",\"model\":\"claude-sonnet-4-5\",\"stage\":\"code\","
        + "\"input_tokens\":1,\"output_tokens\":1}\n";
  }

  static final String ANTHROPIC_JSON = """
      {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
       "content":[{"type":"text","text":"hello"}],"stop_reason":"end_turn",
       "usage":{"input_tokens":12,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":55}}""";

  /** One Claude Code log line, shaped like the real ones. */
  static final String CLAUDE_LINE = "{\"parentUuid\":null,\"isSidechain\":false,\"message\":{\"model\":\"claude-sonnet-4-5-20250929\","
      + "\"id\":\"msg_imp\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],"
      + "\"usage\":{\"input_tokens\":7,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":42}},"
      + "\"requestId\":\"req_imp\",\"type\":\"assistant\",\"uuid\":\"u\",\"timestamp\":\"2026-09-01T10:00:00.000Z\","
      + "\"cwd\":\"/home/dev/code/service-01\",\"sessionId\":\"s-1\",\"gitBranch\":\"main\"}\n";
}
