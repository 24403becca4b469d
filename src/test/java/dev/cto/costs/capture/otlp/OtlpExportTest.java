package dev.cto.costs.capture.otlp;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.exporter.internal.otlp.logs.LogsRequestMarshaler;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OTLP receiver in a real collector service (SQLite file, HTTP on 127.0.0.1, bearer token),
 * fed by the real OpenTelemetry Java SDK: its OTLP/HTTP exporter for protobuf, and its own OTLP/JSON
 * encoder for JSON (the SDK's exporter has no public JSON switch). The records are shaped like
 * Claude Code's and Codex's usage events.
 */
class OtlpExportTest {

  private static final String TOKEN = "s3cret";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant AT = Instant.parse("2026-11-20T10:15:30.123456789Z");

  @TempDir Path dir;
  private OtlpCollector collector;

  @BeforeEach
  void start() {
    collector = OtlpCollector.start(dir.resolve("costs.db"), TOKEN, null);
  }

  @AfterEach
  void stop() {
    collector.close();
  }

  @Test
  void claudeCodeEventsOverProtobufAreStoredWithExactTokensAndAttributionOnce() throws Exception {
    OtlpHttpLogRecordExporter exporter = OtlpHttpLogRecordExporter.builder()
        .setEndpoint(collector.url("/v1/logs"))
        .addHeader("Authorization", "Bearer " + TOKEN)
        .setTimeout(Duration.ofSeconds(10))
        .build();
    emit(exporter, agentResource(), log -> apiRequest(log, "req_011CProto", 1))
        .whenEmitted(log -> userPrompt(log)) // not usage: ignored
        .whenEmitted(log -> apiRequest(log, "req_011CProto", 1)) // the same call re-sent
        .flush();

    Map<String, JsonNode> stored = collector.stored();
    assertThat(stored).containsOnlyKeys("req_011CProto");
    JsonNode r = stored.get("req_011CProto");
    assertThat(r.get("input_tokens").asLong()).isEqualTo(1200);
    assertThat(r.get("output_tokens").asLong()).isEqualTo(340);
    assertThat(r.get("cache_creation_input_tokens").asLong()).isEqualTo(800);
    assertThat(r.get("cache_read_input_tokens").asLong()).isEqualTo(5000);
    assertThat(r.get("model").asText()).isEqualTo("claude-sonnet-4-5");
    assertThat(r.get("cli").asText()).isEqualTo("claude-code");
    assertThat(r.get("repository").asText()).isEqualTo("5dlabs/cto");
    assertThat(r.get("pr_number").asLong()).isEqualTo(42);
    assertThat(r.get("agent").asText()).isEqualTo("rex");
    assertThat(r.get("stage").asText()).isEqualTo("code");
    assertThat(r.get("iteration").asInt()).isEqualTo(2);
    assertThat(r.get("session_id").asText()).isEqualTo("sess-1");
    assertThat(r.get("request_id").asText()).isEqualTo("req_011CProto");
    assertThat(Instant.parse(r.get("timestamp").asText())).isEqualTo(AT.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    assertThat(r.get("priced").asBoolean()).isTrue();
    // the same meters as /v1/usage, counted once despite the re-send
    assertThat(collector.get("/metrics").body())
        .contains("token_usage_total{agent=\"rex\",model=\"claude-sonnet-4-5\",source=\"otlp\",type=\"input\"} 1200.0")
        .contains("cost_collector_records_total{outcome=\"duplicate\",source=\"otlp\"} 1.0");
  }

  @Test
  void claudeCodeAndCodexEventsOverJsonAreStoredOnceAndReSendsCountOnce() throws Exception {
    CapturingExporter captured = new CapturingExporter();
    emit(captured, agentResource(), log -> apiRequest(log, "req_011CJson", 1))
        .whenEmitted(log -> codexCompleted(log))
        .flush();
    emit(captured, Resource.create(Attributes.of(stringKey("service.name"), "claude-code")),
        log -> apiRequest(log, null, 7))
        .flush();
    byte[] body = json(captured.records);

    HttpResponse<String> first = collector.post("/v1/logs", "application/json", body, TOKEN);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(JSON.readTree(first.body()).has("partialSuccess")).isFalse();
    assertThat(collector.post("/v1/logs", "application/json", body, TOKEN).statusCode()).isEqualTo(200);

    Map<String, JsonNode> stored = collector.stored();
    assertThat(stored).hasSize(3).containsKey("req_011CJson");
    JsonNode codex = stored.values().stream().filter(r -> r.get("cli").asText().equals("codex")).findFirst().orElseThrow();
    assertThat(codex.get("input_tokens").asLong()).isEqualTo(400); // 1000 input of which 600 cached
    assertThat(codex.get("cache_read_input_tokens").asLong()).isEqualTo(600);
    assertThat(codex.get("output_tokens").asLong()).isEqualTo(200); // reasoning is part of output
    assertThat(codex.get("model").asText()).isEqualTo("gpt-5-codex");
    assertThat(codex.get("session_id").asText()).isEqualTo("conv-9");
    assertThat(codex.get("agent").asText()).isEqualTo("rex");
    assertThat(codex.get("id").asText()).startsWith("otlp-");

    JsonNode anonymous = stored.values().stream().filter(r -> r.get("id").asText().startsWith("otlp-")
        && r.get("cli").asText().equals("claude-code")).findFirst().orElseThrow();
    assertThat(anonymous.get("agent").asText()).isEqualTo("unknown");
    assertThat(anonymous.get("stage").asText()).isEqualTo("unknown");
    assertThat(anonymous.get("iteration").asInt()).isEqualTo(1);
    assertThat(anonymous.has("pr_number") && !anonymous.get("pr_number").isNull()).isFalse();
  }

  @Test
  void theSameCallsOverBothEncodingsCountOnceWithOrWithoutARequestId() throws Exception {
    CapturingExporter captured = new CapturingExporter();
    emit(captured, agentResource(), log -> apiRequest(log, "req_both", 1))
        .whenEmitted(log -> apiRequest(log, null, 2)) // no request id: the hash of the event is its id
        .flush();
    assertThat(collector.post("/v1/logs", "application/json", json(captured.records), TOKEN).statusCode()).isEqualTo(200);

    // the very same SDK records again, through the SDK's protobuf exporter, gzipped
    OtlpHttpLogRecordExporter exporter = OtlpHttpLogRecordExporter.builder()
        .setEndpoint(collector.url("/v1/logs")).addHeader("Authorization", "Bearer " + TOKEN)
        .setCompression("gzip")
        .build();
    assertThat(exporter.export(captured.records).join(15, TimeUnit.SECONDS).isSuccess()).isTrue();
    exporter.shutdown().join(5, TimeUnit.SECONDS);

    Map<String, JsonNode> stored = collector.stored();
    assertThat(stored).hasSize(2).containsKey("req_both");
    assertThat(stored.keySet()).anyMatch(id -> id.startsWith("otlp-"));
  }

  @Test
  void malformedBodiesAre400WithTheProblemNamed() throws Exception {
    HttpResponse<String> garbage = collector.post("/v1/logs", "application/x-protobuf", new byte[] {(byte) 0xff, (byte) 0xff, 0x01}, TOKEN);
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.body()).contains("not a protobuf ExportLogsServiceRequest");

    HttpResponse<String> notJson = collector.post("/v1/logs", "application/json", bytes("{\"resourceLogs\": ["), TOKEN);
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(notJson.body()).get("message").asText()).startsWith("the body is not JSON");

    HttpResponse<String> wrongShape = collector.post("/v1/logs", "application/json", bytes("{\"resourceLogs\": \"many\"}"), TOKEN);
    assertThat(wrongShape.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(wrongShape.body()).get("code").asInt()).isEqualTo(3);
    assertThat(JSON.readTree(wrongShape.body()).get("message").asText()).contains("ExportLogsServiceRequest");

    assertThat(collector.post("/v1/metrics", "application/json", bytes("[1,2]"), TOKEN).statusCode()).isEqualTo(400);
    assertThat(collector.post("/v1/logs", "text/plain", bytes("{}"), TOKEN).statusCode()).isEqualTo(415);
    assertThat(collector.stored()).isEmpty();
  }

  @Test
  void aBadUsageEventIsRejectedAloneInAPartialSuccess() throws Exception {
    String body = """
        {"resourceLogs":[{"resource":{"attributes":[{"key":"cto.agent","value":{"stringValue":"cleo"}}]},
          "scopeLogs":[{"logRecords":[
            {"timeUnixNano":"1790000000000000000","body":{"stringValue":"claude_code.api_request"},
             "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
             "attributes":[{"key":"event.name","value":{"stringValue":"api_request"}},
               {"key":"model","value":{"stringValue":"claude-haiku-4-5"}},
               {"key":"request_id","value":{"stringValue":"req_ok"}},
               {"key":"input_tokens","value":{"intValue":"10"}},{"key":"output_tokens","value":{"stringValue":"5"}}]},
            {"timeUnixNano":"1790000000000000001","body":{"stringValue":"claude_code.api_request"},
             "attributes":[{"key":"input_tokens","value":{"intValue":"10"}}]}]}]}]}
        """;
    HttpResponse<String> response = collector.post("/v1/logs", "application/json", bytes(body), TOKEN);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode partial = JSON.readTree(response.body()).get("partialSuccess");
    assertThat(partial.get("rejectedLogRecords").asLong()).isEqualTo(1);
    assertThat(partial.get("errorMessage").asText()).contains("without a model attribute");
    JsonNode ok = collector.stored().get("req_ok");
    assertThat(ok.get("agent").asText()).isEqualTo("cleo");
    assertThat(ok.get("output_tokens").asLong()).isEqualTo(5);
  }

  /**
   * Values the record's rules refuse (a 7,000-character agent on one resource, an ESC in one
   * event's model, a repository that is not owner/name) reject those events alone, in a partial
   * success naming the field; before, they were stored as-is on SQLite and failed the whole export
   * with 503 on PostgreSQL.
   */
  @Test
  void eventsTheRecordRulesRefuseAreRejectedAloneAndTheOthersStored() throws Exception {
    String event = """
        {"timeUnixNano":"179000000000000000%d","body":{"stringValue":"claude_code.api_request"},
         "attributes":[{"key":"event.name","value":{"stringValue":"api_request"}},
           {"key":"model","value":{"stringValue":"%s"}},
           {"key":"request_id","value":{"stringValue":"%s"}},
           {"key":"input_tokens","value":{"intValue":"10"}},{"key":"output_tokens","value":{"intValue":"5"}}]}""";
    String body = "{\"resourceLogs\":["
        + resource("cleo", "5dlabs/cto", String.format(event, 1, "claude-haiku-4-5", "req_ok") + ","
            + String.format(event, 2, "claude\\u001b[2J", "req_esc"))
        + "," + resource("a".repeat(7000), "5dlabs/cto", String.format(event, 3, "claude-haiku-4-5", "req_long_agent"))
        + "," + resource("cleo", "not-a-repo", String.format(event, 4, "claude-haiku-4-5", "req_bad_repo"))
        + "," + resource("tess", "5dlabs/cto", String.format(event, 5, "claude-haiku-4-5", "req_ok_2"))
        + "]}";

    HttpResponse<String> response = collector.post("/v1/logs", "application/json", bytes(body), TOKEN);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode partial = JSON.readTree(response.body()).get("partialSuccess");
    assertThat(partial.get("rejectedLogRecords").asLong()).isEqualTo(3);
    assertThat(partial.get("errorMessage").asText())
        .contains("model: must not contain control characters, found U+001B")
        .contains("agent: must be at most 100 characters, was 7000")
        .contains("repository: must look like owner/name");
    assertThat(collector.stored()).containsOnlyKeys("req_ok", "req_ok_2");
  }

  private static String resource(String agent, String repository, String events) {
    return "{\"resource\":{\"attributes\":[{\"key\":\"cto.agent\",\"value\":{\"stringValue\":\"" + agent + "\"}},"
        + "{\"key\":\"cto.repository\",\"value\":{\"stringValue\":\"" + repository + "\"}}]},"
        + "\"scopeLogs\":[{\"logRecords\":[" + events + "]}]}";
  }

  @Test
  void metricsAreAcknowledgedInTheRequestsEncodingAndAuthIsRequired() throws Exception {
    JsonNode paths = JSON.readTree(collector.get("/v1/openapi.json").body()).get("paths");
    assertThat(paths.has("/v1/logs") && paths.has("/v1/metrics")).as("documented in the OpenAPI").isTrue();

    HttpResponse<String> metrics = collector.post("/v1/metrics", "application/json", bytes("{\"resourceMetrics\":[]}"), TOKEN);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).isEqualTo("{}");
    assertThat(collector.post("/v1/metrics", "application/x-protobuf", new byte[0], TOKEN).statusCode()).isEqualTo(200);

    assertThat(collector.post("/v1/logs", "application/json", bytes("{}"), null).statusCode()).isEqualTo(401);
    assertThat(collector.post("/v1/logs", "application/json", bytes("{}"), "guess").statusCode()).isEqualTo(401);
  }

  // ---- the SDK side

  private static Resource agentResource() {
    // OTEL_RESOURCE_ATTRIBUTES values are strings, so cto.pr and cto.iteration arrive as text
    return Resource.create(Attributes.builder()
        .put("service.name", "claude-code")
        .put("cto.repository", "5dlabs/cto").put("cto.pr", "42").put("cto.agent", "rex")
        .put("cto.stage", "code").put("cto.iteration", "2")
        .build());
  }

  private static void apiRequest(LogRecordBuilder log, String requestId, long sequence) {
    log.setTimestamp(AT.plusNanos(sequence == 1 ? 0 : sequence)).setBody("claude_code.api_request")
        .setAttribute(stringKey("event.name"), "api_request")
        .setAttribute(stringKey("event.timestamp"), AT.toString())
        .setAttribute(longKey("event.sequence"), sequence)
        .setAttribute(stringKey("session.id"), "sess-1")
        .setAttribute(stringKey("model"), "claude-sonnet-4-5")
        .setAttribute(longKey("input_tokens"), 1200L)
        .setAttribute(longKey("output_tokens"), 340L)
        .setAttribute(stringKey("cache_read_tokens"), "5000") // some Claude Code versions send text
        .setAttribute(longKey("cache_creation_tokens"), 800L)
        .setAttribute(stringKey("cost_usd"), "0.0123")
        .setAttribute(longKey("duration_ms"), 2345L);
    if (requestId != null) {
      log.setAttribute(stringKey("request_id"), requestId);
    }
  }

  private static void userPrompt(LogRecordBuilder log) {
    log.setTimestamp(AT).setBody("claude_code.user_prompt")
        .setAttribute(stringKey("event.name"), "user_prompt")
        .setAttribute(longKey("prompt_length"), 12L);
  }

  private static void codexCompleted(LogRecordBuilder log) {
    log.setTimestamp(AT.plusSeconds(1))
        .setAttribute(stringKey("event.name"), "codex.sse_event")
        .setAttribute(stringKey("event.kind"), "response.completed")
        .setAttribute(stringKey("conversation.id"), "conv-9")
        .setAttribute(stringKey("model"), "gpt-5-codex")
        .setAttribute(longKey("input_token_count"), 1000L)
        .setAttribute(longKey("cached_token_count"), 600L)
        .setAttribute(longKey("output_token_count"), 200L)
        .setAttribute(longKey("reasoning_token_count"), 50L)
        .setAttribute(longKey("tool_token_count"), 0L);
  }

  /** Emits through a logger provider whose only processor exports each record as it is emitted. */
  private static Emission emit(LogRecordExporter exporter, Resource resource, Consumer<LogRecordBuilder> first) {
    SdkLoggerProvider provider = SdkLoggerProvider.builder().setResource(resource)
        .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter)).build();
    return new Emission(provider).whenEmitted(first);
  }

  private record Emission(SdkLoggerProvider provider) {
    Emission whenEmitted(Consumer<LogRecordBuilder> fill) {
      LogRecordBuilder log = provider.get("com.anthropic.claude_code.events").logRecordBuilder();
      fill.accept(log);
      log.emit();
      return this;
    }

    /** Waits, bounded, for every export and fails unless the receiver answered with success. */
    void flush() {
      CompletableResultCode flushed = provider.forceFlush().join(15, TimeUnit.SECONDS);
      assertThat(flushed.isSuccess()).as("every export was acknowledged").isTrue();
      // shutdown() would also shut the exporter, which tests reuse across providers
    }
  }

  /** Keeps what the SDK would export, to encode it with the SDK's own OTLP/JSON marshaler. */
  private static final class CapturingExporter implements LogRecordExporter {
    final List<LogRecordData> records = new ArrayList<>();

    @Override
    public synchronized CompletableResultCode export(Collection<LogRecordData> logs) {
      records.addAll(logs);
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  private static byte[] json(List<LogRecordData> records) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LogsRequestMarshaler.create(records).writeJsonTo(out);
    return out.toByteArray();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
