package dev.cto.costs.capture.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.web.ServerOptions;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store goes away: an OTLP exporter gets 503 with Retry-After (retryable in OTLP/HTTP), not a
 * 200 for records that were never written, and its retry after the store is back is stored once.
 */
class OtlpStoreOutageTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void exportersGet503WhileTheStoreIsDownAndTheirRetryIsStoredOnce() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path data = dir.resolve("pgdata");
    EmbeddedPostgres pg = postgres(data, port);
    CollectorService service = CollectorService.start(new AppOptions(null, pg.getJdbcUrl("postgres", "postgres"), null),
        new ServerOptions("127.0.0.1", 0, List.of(), 1 << 20, 1000, 14));
    try {
      byte[] body = apiRequest("req_outage").toByteArray();
      pg.close();
      HttpResponse<byte[]> during = post(service.port(), body);
      assertThat(during.statusCode()).isEqualTo(503);
      assertThat(during.headers().firstValue("Retry-After")).isPresent();
      assertThat(new String(during.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("nothing of this request was stored");

      pg = postgres(data, port);
      // an exporter retries on 503 until the store is back; the pool may need a moment to reconnect
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(200))
          .until(() -> post(service.port(), body).statusCode() == 200);
      assertThat(post(service.port(), body).statusCode()).isEqualTo(200);

      JsonNode export = JSON.readTree(http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + service.port() + "/v1/export?since=2020-01-01")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      assertThat(export).hasSize(1);
      assertThat(export.get(0).get("id").asText()).isEqualTo("req_outage");
    } finally {
      service.close();
      pg.close();
    }
  }

  private static EmbeddedPostgres postgres(Path data, int port) throws Exception {
    return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
  }

  private HttpResponse<byte[]> post(int port, byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/logs"))
        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static ExportLogsServiceRequest apiRequest(String requestId) {
    LogRecord log = LogRecord.newBuilder()
        .setTimeUnixNano(1_790_000_000_000_000_000L)
        .setBody(AnyValue.newBuilder().setStringValue("claude_code.api_request"))
        .addAttributes(text("event.name", "api_request"))
        .addAttributes(text("model", "claude-sonnet-4-5"))
        .addAttributes(text("request_id", requestId))
        .addAttributes(KeyValue.newBuilder().setKey("input_tokens").setValue(AnyValue.newBuilder().setIntValue(10)))
        .build();
    return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(text("cto.agent", "tess")))
        .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(log))).build();
  }

  private static KeyValue text(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }
}
