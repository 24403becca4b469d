package dev.cto.costs.capture.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.web.ServerOptions;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request bodies through the proxy of a real service, with {@code proxy.max_body_mb: 2}: a body
 * over the limit gets 413 (declared or streamed); a body over the 1 MiB the proxy holds but under
 * the limit is streamed to the provider, byte for byte, or with usage asked for on the way.
 */
class ProxyBodyLimitTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static FakeProviderServer fake;
  @TempDir Path dir;
  private CollectorService service;
  private StoreProbe store;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void startFake() {
    fake = FakeProviderServer.start();
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @BeforeEach
  void startService() throws Exception {
    fake.clear();
    String config = ProxyTestConfig.json(fake, dir.resolve("spool.ndjson")).replace("\"proxy\": {", "\"proxy\": {\"max_body_mb\": 2,");
    assertThat(config).contains("max_body_mb");
    Path db = dir.resolve("costs.db");
    service = CollectorService.start(new AppOptions(db, null, Files.writeString(dir.resolve("cost-config.json"), config)),
        new ServerOptions("127.0.0.1", 0, List.of(), ServerOptions.DEFAULT_MAX_BODY, ServerOptions.DEFAULT_MAX_RECORDS, 14));
    store = new StoreProbe(db);
  }

  @AfterEach
  void stop() {
    store.close();
    service.close();
  }

  /** A Messages request whose one user message makes it about {@code size} bytes. */
  private static String anthropicBody(Scenario s, int size) {
    return "{\"model\":\"" + s.model() + "\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\""
        + "x".repeat(size) + "\"}]" + (s.shape == Scenario.Shape.STREAM ? ",\"stream\":true" : "") + "}";
  }

  private HttpResponse<String> send(String path, byte[] body, boolean chunked, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
        .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
            : HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aBodyOverTheLimitIs413NamingTheSettingWhetherDeclaredOrStreamed() throws Exception {
    byte[] body = anthropicBody(Scenario.ANTHROPIC_JSON, 3 << 20).getBytes(StandardCharsets.UTF_8);

    for (boolean chunked : List.of(false, true)) {
      HttpResponse<String> r = send("/proxy/anthropic/v1/messages", body, chunked, "x-api-key", "k", "anthropic-version", "2023-06-01");
      assertThat(r.statusCode()).as("chunked " + chunked).isEqualTo(413);
      JsonNode error = JSON.readTree(r.body()).get("error");
      assertThat(error.get("message").asText()).contains("over the proxy's limit of 2097152 bytes").contains("proxy.max_body_mb");
    }
    assertThat(fake.requestsFor(Scenario.ANTHROPIC_JSON)).isEmpty(); // what reached it was cut off, never answered
    assertThat(store.records()).isEmpty();
  }

  @Test
  void aLargeBodyUnderTheLimitReachesTheProviderByteForByte() throws Exception {
    String body = anthropicBody(Scenario.ANTHROPIC_JSON, 3 << 19); // 1.5 MiB: streamed, not held

    HttpResponse<String> r = send("/proxy/anthropic/v1/messages", body.getBytes(StandardCharsets.UTF_8), true,
        "x-api-key", "k", "anthropic-version", "2023-06-01");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(fake.requestsFor(Scenario.ANTHROPIC_JSON)).singleElement().satisfies(seen -> assertThat(seen.body()).isEqualTo(body));
    assertThat(store.awaitRecord(Scenario.ANTHROPIC_JSON.messageId).record().tokens()).isEqualTo(Scenario.ANTHROPIC_JSON.usage);
  }

  @Test
  void aLargeOpenAiStreamGetsUsageAskedForOnTheWayAndTheClientDoesNotSeeIt() throws Exception {
    Scenario s = Scenario.OPENAI_STREAM;
    // stream_options before stream, as a client may order them: the proxy learns late that it streams
    String body = "{\"model\":\"" + s.model() + "\",\"stream_options\":{\"other\":1},\"messages\":[{\"role\":\"user\",\"content\":\""
        + "y".repeat(3 << 19) + "\"}],\"temperature\":0.1000000000000000055511151231257827,\"stream\":true}";

    HttpResponse<String> r = send("/proxy/openai/v1/chat/completions", body.getBytes(StandardCharsets.UTF_8), true,
        "Authorization", "Bearer sk-test");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode forwarded = fake.requestsFor(s).get(0).json();
    assertThat(forwarded.get("stream_options").get("include_usage").asBoolean()).isTrue();
    assertThat(forwarded.get("stream_options").get("other").asInt()).isEqualTo(1);
    assertThat(forwarded.get("messages").get(0).get("content").asText()).hasSize(3 << 19);
    assertThat(fake.requestsFor(s).get(0).body()).contains("0.1000000000000000055511151231257827"); // numbers as sent
    assertThat(r.body()).doesNotContain("\"usage\":{").contains("[DONE]");
    PricedUsage u = store.awaitRecord(s.messageId);
    assertThat(u.record().tokens()).isEqualTo(s.usage);
  }
}
