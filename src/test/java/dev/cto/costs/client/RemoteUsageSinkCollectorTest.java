package dev.cto.costs.client;

import static dev.cto.costs.client.ScriptedCollector.commitThenAnswer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.web.ServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interceptor and the remote sink against the real collector service on an SQLite file. */
class RemoteUsageSinkCollectorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "s3cret-token";

  @TempDir Path dir;
  private CollectorService service;
  private String url;
  private ScriptedCollector proxy;

  private final ExecutionContext context = ExecutionContext.builder()
      .repository("5dlabs/cto").prNumber(1234).agent("rex").stage("code").iteration(2).taskId("task-9").cli("claude")
      .build();

  @BeforeEach
  void start() {
    service = CollectorService.start(new AppOptions(dir.resolve("costs.db"), null, null),
        new ServerOptions("127.0.0.1", 0, List.of(TOKEN), ServerOptions.DEFAULT_MAX_BODY, 1000, 14));
    url = "http://127.0.0.1:" + service.port();
  }

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    service.close();
  }

  private RemoteSinkOptions options(String collector) {
    return RemoteSinkOptions.forCollector(collector).withBearerToken(TOKEN)
        .withRetries(5, Duration.ofMillis(10), Duration.ofSeconds(5))
        .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30));
  }

  @Test
  void closeDrainsTheQueueAndEveryRecordIsStoredWithItsExactTokensAndAttribution() throws Exception {
    RemoteUsageSink sink = new RemoteUsageSink(options(url).withBatching(100, Duration.ofSeconds(30)));
    CostInterceptor interceptor = new CostInterceptor(sink, context);

    IntStream.range(0, 250).forEach(i -> interceptor.intercept("claude-sonnet-4-5", () -> "answer " + i,
        r -> CallUsage.of(1000 + i, 10 + i).withCache(i, 3 * i).withRequestId("msg_" + i).withProvider("anthropic")));
    interceptor.record(context.withStage("qa"), "gpt-5", new TokenCounts(7, 8, 100, 40, 9), null);
    sink.close();

    assertThat(sink.stats()).isEqualTo(new SinkStats(251, 0, 0, 0, 0));
    Map<String, JsonNode> stored = export();
    assertThat(stored).hasSize(251);
    for (int i = 0; i < 250; i++) {
      JsonNode r = stored.get("msg_" + i);
      assertThat(r).as("msg_%d", i).isNotNull();
      assertThat(r.get("input_tokens").asLong()).isEqualTo(1000 + i);
      assertThat(r.get("output_tokens").asLong()).isEqualTo(10 + i);
      assertThat(r.get("cache_creation_input_tokens").asLong()).isEqualTo(i);
      assertThat(r.get("cache_read_input_tokens").asLong()).isEqualTo(3L * i);
      assertThat(r.get("request_id").asText()).isEqualTo("msg_" + i);
    }
    JsonNode first = stored.get("msg_0");
    assertThat(first.get("repository").asText()).isEqualTo("5dlabs/cto");
    assertThat(first.get("pr_number").asLong()).isEqualTo(1234);
    assertThat(first.get("agent").asText()).isEqualTo("rex");
    assertThat(first.get("stage").asText()).isEqualTo("code");
    assertThat(first.get("iteration").asInt()).isEqualTo(2);
    assertThat(first.get("task_id").asText()).isEqualTo("task-9");
    assertThat(first.get("cli").asText()).isEqualTo("claude");
    assertThat(first.get("model").asText()).isEqualTo("claude-sonnet-4-5");
    assertThat(first.get("provider").asText()).isEqualTo("anthropic");
    JsonNode direct = stored.values().stream().filter(r -> r.get("stage").asText().equals("qa")).findFirst().orElseThrow();
    assertThat(direct.get("cache_creation_input_tokens").asLong()).isEqualTo(140);
    assertThat(direct.get("cache_creation_1h_input_tokens").asLong()).isEqualTo(40);
    assertThat(direct.get("cache_read_input_tokens").asLong()).isEqualTo(9);
  }

  @Test
  void aBatchWhoseAcknowledgementWasLostIsRetriedAndStoredOnce() throws Exception {
    proxy = ScriptedCollector.inFrontOf(url).then(commitThenAnswer(url, 503, "Retry-After", "1"));
    RemoteUsageSink sink = new RemoteUsageSink(options(proxy.url()).withBatching(100, Duration.ofMillis(50)));
    CostInterceptor interceptor = new CostInterceptor(sink, context);

    IntStream.range(0, 20).forEach(i -> interceptor.intercept("claude-sonnet-4-5", () -> i, r -> CallUsage.of(100, 10)));
    assertThat(sink.flush()).isTrue();
    sink.close();

    List<ScriptedCollector.Received> requests = proxy.received();
    assertThat(requests).hasSize(2);
    assertThat(requests.get(1).ids()).hasSize(20).isEqualTo(requests.get(0).ids());
    assertThat(Duration.ofNanos(requests.get(1).arrivedNanos() - requests.get(0).arrivedNanos()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(sink.stats()).isEqualTo(new SinkStats(20, 20, 0, 0, 0));
    assertThat(export()).hasSize(20);
    assertThat(get("/metrics").body()).contains("cost_collector_records_total{outcome=\"accepted\",source=\"client\"} 20.0")
        .contains("cost_collector_records_total{outcome=\"duplicate\",source=\"client\"} 20.0");
  }

  @Test
  void aWrongTokenIsRefusedOnceAndCountedRejected() throws Exception {
    RemoteUsageSink sink = new RemoteUsageSink(options(url).withBearerToken("guess").withBatching(100, Duration.ofMillis(20)));

    new CostInterceptor(sink, context).record("m", CallUsage.of(1, 1));
    assertThat(sink.flush()).isTrue();
    sink.close();

    assertThat(sink.stats()).isEqualTo(new SinkStats(0, 0, 1, 0, 0));
    assertThat(export()).isEmpty();
  }

  private Map<String, JsonNode> export() throws Exception {
    HttpResponse<String> response = get("/v1/export");
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, JsonNode> byId = new HashMap<>();
    JSON.readTree(response.body()).forEach(r -> byId.put(r.get("id").asText(), r));
    return byId;
  }

  private HttpResponse<String> get(String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + TOKEN)
        .timeout(Duration.ofSeconds(30)).build();
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(request, HttpResponse.BodyHandlers.ofString());
  }
}
