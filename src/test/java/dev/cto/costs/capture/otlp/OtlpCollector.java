package dev.cto.costs.capture.otlp;

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
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The OTLP export tests' collector: a real {@link CollectorService} on a SQLite file, HTTP on
 * 127.0.0.1 with one bearer token, and what it stored read back through its own export (shared by
 * the logs, traces and JS traces tests, which each had a copy).
 */
final class OtlpCollector implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final CollectorService service;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private OtlpCollector(CollectorService service, String token) {
    this.service = service;
    this.token = token;
  }

  /** A service storing to {@code db} that takes {@code token}; {@code config} may be null (no cost config). */
  static OtlpCollector start(Path db, String token, Path config) {
    return new OtlpCollector(CollectorService.start(new AppOptions(db, null, config),
        new ServerOptions("127.0.0.1", 0, List.of(token), 1024 * 1024, 1000, 14)), token);
  }

  /** The full URL of {@code path} on this service, for an SDK exporter's endpoint. */
  String url(String path) {
    return "http://127.0.0.1:" + service.port() + path;
  }

  /** Every stored record by id, through {@code GET /v1/export}; each id must come once. */
  Map<String, JsonNode> stored() throws Exception {
    HttpResponse<String> export = get("/v1/export?since=2020-01-01");
    assertThat(export.statusCode()).isEqualTo(200);
    Map<String, JsonNode> byId = new HashMap<>();
    for (JsonNode r : JSON.readTree(export.body())) {
      assertThat(byId.put(r.get("id").asText(), r)).as("one row per id").isNull();
    }
    return byId;
  }

  /** {@code GET path} with the service's token. */
  HttpResponse<String> get(String path) throws Exception {
    return http.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** {@code POST path} with {@code token} (none when null). */
  HttpResponse<String> post(String path, String contentType, byte[] body, String token) throws Exception {
    return http.send(request(path, token).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A request to {@code path} with {@code token} (none when null), for a test to finish and send with {@link #send}. */
  HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
    return token == null ? b : b.header("Authorization", "Bearer " + token);
  }

  HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    service.close();
  }
}
