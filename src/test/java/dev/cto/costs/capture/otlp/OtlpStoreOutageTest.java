package dev.cto.costs.capture.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.web.ServerOptions;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
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
 * Logs and traces answer alike: a trace export of several GenAI spans is refused whole while the
 * store is down, and its retry stores every span once.
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
      byte[] traces = spans("chatcmpl-out1", "chatcmpl-out2", "chatcmpl-out3").toByteArray();
      pg.close();
      HttpResponse<byte[]> during = post(service.port(), "/v1/logs", body);
      assertThat(during.statusCode()).isEqualTo(503);
      assertThat(during.headers().firstValue("Retry-After")).isPresent();
      assertThat(new String(during.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("nothing of this request was stored");
      HttpResponse<byte[]> tracesDuring = post(service.port(), "/v1/traces", traces);
      assertThat(tracesDuring.statusCode()).as("traces answer as logs do").isEqualTo(503);
      assertThat(tracesDuring.headers().firstValue("Retry-After")).isEqualTo(during.headers().firstValue("Retry-After"));
      assertThat(tracesDuring.headers().firstValue("Content-Type")).isEqualTo(during.headers().firstValue("Content-Type"));
      assertThat(new String(tracesDuring.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("nothing of this request was stored");

      pg = postgres(data, port);
      // an exporter retries on 503 until the store is back; the pool may need a moment to reconnect
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(200))
          .until(() -> post(service.port(), "/v1/logs", body).statusCode() == 200);
      assertThat(post(service.port(), "/v1/logs", body).statusCode()).isEqualTo(200);
      assertThat(post(service.port(), "/v1/traces", traces).statusCode()).isEqualTo(200);
      assertThat(post(service.port(), "/v1/traces", traces).statusCode()).as("an exporter's second retry").isEqualTo(200);

      JsonNode export = JSON.readTree(http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + service.port() + "/v1/export?since=2020-01-01")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      List<String> ids = new java.util.ArrayList<>();
      export.forEach(r -> ids.add(r.get("id").asText()));
      assertThat(ids).containsExactlyInAnyOrder("req_outage", "chatcmpl-out1", "chatcmpl-out2", "chatcmpl-out3");
    } finally {
      service.close();
      pg.close();
    }
  }

  private static EmbeddedPostgres postgres(Path data, int port) throws Exception {
    return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
  }

  private HttpResponse<byte[]> post(int port, String path, byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
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

  /** One GenAI span per response id, in one export request. */
  private static ExportTraceServiceRequest spans(String... responseIds) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (int i = 0; i < responseIds.length; i++) {
      byte[] spanId = new byte[8];
      spanId[7] = (byte) (i + 1);
      scope.addSpans(Span.newBuilder().setTraceId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}))
          .setSpanId(ByteString.copyFrom(spanId)).setName("chat gpt-4o").setEndTimeUnixNano(1_790_000_000_000_000_000L + i)
          .addAttributes(text("gen_ai.request.model", "gpt-4o"))
          .addAttributes(text("gen_ai.response.id", responseIds[i]))
          .addAttributes(KeyValue.newBuilder().setKey("gen_ai.usage.input_tokens").setValue(AnyValue.newBuilder().setIntValue(100)))
          .addAttributes(KeyValue.newBuilder().setKey("gen_ai.usage.output_tokens").setValue(AnyValue.newBuilder().setIntValue(10))));
    }
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(text("cto.agent", "tess")))
        .addScopeSpans(scope)).build();
  }

  private static KeyValue text(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }
}
