package dev.cto.costs.client.springai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.capture.proxy.FakeProviders;
import dev.cto.costs.client.RemoteSinkOptions;
import dev.cto.costs.client.RemoteUsageSink;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.web.ServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A real {@code serve} (SQLite file, HTTP on 127.0.0.1, bearer token) pricing the fake provider's
 * models, and what it stored, read back through its own {@code /v1/export}.
 */
final class CollectorUnderTest implements AutoCloseable {

  static final String TOKEN = "spring-s3cret";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CollectorService service;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  CollectorUnderTest(Path dir, FakeProviders fake) {
    try {
      Files.createDirectories(dir);
      Path config = Files.writeString(dir.resolve("cost-config.json"), fake.serviceConfig(dir.resolve("spool.ndjson")));
      service = CollectorService.start(new AppOptions(dir.resolve("costs.db"), null, config),
          new ServerOptions("127.0.0.1", 0, List.of(TOKEN), ServerOptions.DEFAULT_MAX_BODY, 1000, 14));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + service.port();
  }

  /** The client's batching sink, sending to this service's {@code /v1/usage}. */
  RemoteUsageSink sink() {
    return new RemoteUsageSink(RemoteSinkOptions.forCollector(url()).withBearerToken(TOKEN)
        .withBatching(50, Duration.ofMillis(50))
        .withRetries(5, Duration.ofMillis(50), Duration.ofSeconds(2))
        .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30)));
  }

  /** Every stored record by id; fails if an id appears twice. */
  Map<String, JsonNode> stored() throws Exception {
    HttpResponse<String> export = http.send(HttpRequest.newBuilder(URI.create(url() + "/v1/export?since=2020-01-01"))
        .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
    Map<String, JsonNode> byId = new TreeMap<>();
    for (JsonNode r : JSON.readTree(export.body())) {
      assertThat(byId.put(r.get("id").asText(), r)).as("one row per id").isNull();
    }
    return byId;
  }

  /** A stored record's tokens, the 1-hour cache writes apart from the 5-minute ones. */
  static TokenCounts tokens(JsonNode r) {
    long writes1h = r.get("cache_creation_1h_input_tokens").asLong();
    return new TokenCounts(r.get("input_tokens").asLong(), r.get("output_tokens").asLong(),
        r.get("cache_creation_input_tokens").asLong() - writes1h, writes1h, r.get("cache_read_input_tokens").asLong());
  }

  @Override
  public void close() {
    service.close();
  }
}
