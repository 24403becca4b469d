package dev.cto.costs.capture.otlp;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/traces} in a real collector service (SQLite file, HTTP on 127.0.0.1, bearer
 * token), fed by the official OpenTelemetry Java SDK: its OTLP/HTTP span exporter for protobuf and
 * its own OTLP/JSON marshaler for JSON. The spans carry the GenAI semantic conventions as
 * LangChain4j, Spring AI or OpenLLMetry emit them.
 */
class OtlpTraceExportTest {

  private static final String TOKEN = "s3cret";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2026-11-20T10:15:30Z");
  private static final Instant END = Instant.parse("2026-11-20T10:15:32.123456789Z");

  @TempDir Path dir;
  private OtlpCollector collector;
  private HttpServer anthropic;

  private void start(Path config) {
    collector = OtlpCollector.start(dir.resolve("costs.db"), TOKEN, config);
  }

  @AfterEach
  void stop() {
    if (collector != null) {
      collector.close();
    }
    if (anthropic != null) {
      anthropic.stop(0);
    }
  }

  @Test
  void genAiSpansFromTheSdkExporterBecomeExactRecordsOnceEach() throws Exception {
    start(null);
    OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
        .setEndpoint(collector.url("/v1/traces"))
        .addHeader("Authorization", "Bearer " + TOKEN)
        .setCompression("gzip")
        .setTimeout(Duration.ofSeconds(10))
        .build();
    CapturingExporter sent = new CapturingExporter(exporter);
    SdkTracerProvider provider = provider(sent, agentResource());
    Tracer tracer = provider.get("dev.langchain4j");
    span(tracer, "invoke_agent", s -> {}); // no usage: ignored
    span(tracer, "chat gpt-4o", s -> s
        .setAttribute(stringKey("gen_ai.operation.name"), "chat")
        .setAttribute(stringKey("gen_ai.provider.name"), "openai")
        .setAttribute(stringKey("gen_ai.request.model"), "gpt-4o")
        .setAttribute(stringKey("gen_ai.response.model"), "gpt-4o-2024-08-06")
        .setAttribute(stringKey("gen_ai.response.id"), "chatcmpl-sdk1")
        .setAttribute(longKey("gen_ai.usage.input_tokens"), 1000L)
        .setAttribute(longKey("gen_ai.usage.cache_read.input_tokens"), 600L)
        .setAttribute(longKey("gen_ai.usage.output_tokens"), 50L));
    span(tracer, "chat claude", s -> s
        .setAttribute(stringKey("gen_ai.system"), "anthropic")
        .setAttribute(stringKey("gen_ai.request.model"), "claude-sonnet-4-5")
        .setAttribute(stringKey("cto.stage"), "review") // the span's own attribution wins
        .setAttribute(longKey("gen_ai.usage.input_tokens"), 2000L)
        .setAttribute(longKey("gen_ai.usage.cache_read.input_tokens"), 1000L)
        .setAttribute(longKey("gen_ai.usage.cache_creation.input_tokens"), 500L)
        .setAttribute(longKey("gen_ai.usage.output_tokens"), 100L));
    span(tracer, "openai.chat", s -> s // OpenLLMetry's older names, no response id
        .setAttribute(stringKey("gen_ai.system"), "anthropic")
        .setAttribute(stringKey("gen_ai.request.model"), "claude-sonnet-4-5")
        .setAttribute(longKey("gen_ai.usage.prompt_tokens"), 40L)
        .setAttribute(longKey("gen_ai.usage.completion_tokens"), 9L));
    assertThat(provider.forceFlush().join(15, TimeUnit.SECONDS).isSuccess()).as("every export acknowledged").isTrue();
    // an exporter's retry of the same spans is the same records
    assertThat(exporter.export(sent.spans).join(15, TimeUnit.SECONDS).isSuccess()).isTrue();
    provider.shutdown().join(5, TimeUnit.SECONDS);

    Map<String, JsonNode> stored = collector.stored();
    assertThat(stored).hasSize(3);
    JsonNode gpt = stored.get("chatcmpl-sdk1");
    assertThat(gpt.get("input_tokens").asLong()).as("1000 input of which 600 cached").isEqualTo(400);
    assertThat(gpt.get("cache_read_input_tokens").asLong()).isEqualTo(600);
    assertThat(gpt.get("output_tokens").asLong()).isEqualTo(50);
    assertThat(gpt.get("model").asText()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(gpt.get("provider").asText()).isEqualTo("openai");
    assertThat(gpt.get("repository").asText()).isEqualTo("5dlabs/cto");
    assertThat(gpt.get("pr_number").asLong()).isEqualTo(42);
    assertThat(gpt.get("agent").asText()).isEqualTo("rex");
    assertThat(gpt.get("stage").asText()).isEqualTo("code");
    assertThat(gpt.get("iteration").asInt()).isEqualTo(2);
    assertThat(Instant.parse(gpt.get("timestamp").asText())).as("the span's end").isEqualTo(END.truncatedTo(ChronoUnit.MICROS));
    // 400 x $2.50/M + 600 x $1.25/M + 50 x $10/M
    assertThat(gpt.get("cost_usd").decimalValue()).isEqualByComparingTo("0.00225");

    JsonNode claude = stored.values().stream().filter(r -> r.get("cache_creation_input_tokens").asLong() == 500)
        .findFirst().orElseThrow();
    assertThat(claude.get("input_tokens").asLong()).isEqualTo(500);
    assertThat(claude.get("cache_read_input_tokens").asLong()).isEqualTo(1000);
    assertThat(claude.get("stage").asText()).isEqualTo("review");
    assertThat(claude.get("agent").asText()).isEqualTo("rex");
    assertThat(claude.get("id").asText()).startsWith("otlp-");
    // 500 x $3/M + 1000 x $0.30/M + 500 x $3.75/M + 100 x $15/M
    assertThat(claude.get("cost_usd").decimalValue()).isEqualByComparingTo("0.005175");

    JsonNode older = stored.values().stream().filter(r -> r.get("output_tokens").asLong() == 9).findFirst().orElseThrow();
    assertThat(older.get("input_tokens").asLong()).isEqualTo(40);
    assertThat(older.get("cost_usd").decimalValue()).isEqualByComparingTo("0.000255"); // 40 x $3/M + 9 x $15/M

    assertThat(collector.get("/metrics").body())
        .contains("token_usage_total{agent=\"rex\",model=\"gpt-4o-2024-08-06\",source=\"otlp\",type=\"input\"} 400.0")
        .contains("cost_collector_records_total{outcome=\"duplicate\",source=\"otlp\"} 3.0");
  }

  @Test
  void theSdksJsonEncodingGivesTheSameRecordsAndNoAttributionMeansUnknown() throws Exception {
    start(null);
    CapturingExporter captured = new CapturingExporter(null);
    SdkTracerProvider provider = provider(captured, Resource.create(Attributes.of(stringKey("service.name"), "agent")));
    span(provider.get("openllmetry"), "chat", s -> s
        .setAttribute(stringKey("gen_ai.system"), "openai")
        .setAttribute(stringKey("gen_ai.request.model"), "gpt-4o")
        .setAttribute(stringKey("gen_ai.response.id"), "chatcmpl-json")
        .setAttribute(longKey("gen_ai.usage.prompt_tokens"), 100L)
        .setAttribute(longKey("gen_ai.usage.completion_tokens"), 10L));
    provider.shutdown().join(5, TimeUnit.SECONDS);
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    TraceRequestMarshaler.create(captured.spans).writeJsonTo(json);

    HttpResponse<String> response = collector.post("/v1/traces", "application/json", json.toByteArray(), TOKEN);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(response.body()).isEqualTo("{}");
    JsonNode r = collector.stored().get("chatcmpl-json");
    assertThat(r.get("agent").asText()).isEqualTo("unknown");
    assertThat(r.get("stage").asText()).isEqualTo("unknown");
    assertThat(r.get("input_tokens").asLong()).isEqualTo(100);
    assertThat(r.get("cost_usd").decimalValue()).isEqualByComparingTo("0.00035"); // 100 x $2.50/M + 10 x $10/M
  }

  /**
   * OTLP/JSON, gzipped, as exporters that speak JSON send it ({@code http/json} with {@code gzip}
   * compression): the SDK's own JSON encoding of its spans, compressed, gives the same exact
   * records, with the span's {@code cto.*} over the resource's; the answer is JSON, uncompressed.
   */
  @Test
  void gzippedJsonGivesExactRecords() throws Exception {
    start(null);
    CapturingExporter captured = new CapturingExporter(null);
    SdkTracerProvider provider = provider(captured, Resource.create(Attributes.builder().put("service.name", "agent")
        .put("cto.repository", "5dlabs/cto").put("cto.pr", "12").put("cto.agent", "rex").put("cto.stage", "code").build()));
    span(provider.get("openllmetry"), "chat gpt-4o", s -> s
        .setAttribute(stringKey("gen_ai.provider.name"), "openai")
        .setAttribute(stringKey("gen_ai.request.model"), "gpt-4o")
        .setAttribute(stringKey("gen_ai.response.id"), "chatcmpl-gzjson")
        .setAttribute(longKey("gen_ai.usage.input_tokens"), 1000L)
        .setAttribute(longKey("gen_ai.usage.cache_read.input_tokens"), 600L)
        .setAttribute(longKey("gen_ai.usage.output_tokens"), 50L)
        .setAttribute(stringKey("cto.stage"), "review")
        .setAttribute(stringKey("cto.iteration"), "2"));
    provider.shutdown().join(5, TimeUnit.SECONDS);
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    TraceRequestMarshaler.create(captured.spans).writeJsonTo(json);
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(gzipped)) {
      gzip.write(json.toByteArray());
    }

    HttpResponse<String> response = collector.send(collector.request("/v1/traces", TOKEN)
        .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
        .POST(HttpRequest.BodyPublishers.ofByteArray(gzipped.toByteArray())).build());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(response.body()).isEqualTo("{}");
    JsonNode r = collector.stored().get("chatcmpl-gzjson");
    assertThat(r.get("input_tokens").asLong()).as("cache reads taken out of the input").isEqualTo(400);
    assertThat(r.get("cache_read_input_tokens").asLong()).isEqualTo(600);
    assertThat(r.get("output_tokens").asLong()).isEqualTo(50);
    assertThat(r.get("repository").asText()).isEqualTo("5dlabs/cto");
    assertThat(r.get("pr_number").asLong()).isEqualTo(12);
    assertThat(r.get("agent").asText()).isEqualTo("rex");
    assertThat(r.get("stage").asText()).as("the span's over the resource's").isEqualTo("review");
    assertThat(r.get("iteration").asInt()).isEqualTo(2);
    // 400 x $2.50/M + 600 x $1.25/M + 50 x $10/M
    assertThat(r.get("cost_usd").decimalValue()).isEqualByComparingTo("0.00225");

    // gzip announced but not sent: a 400 naming the problem, nothing stored
    HttpResponse<String> notGzip = collector.send(collector.request("/v1/traces", TOKEN)
        .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.toByteArray())).build());
    assertThat(notGzip.statusCode()).as(notGzip.body()).isEqualTo(400);
    assertThat(collector.stored()).containsOnlyKeys("chatcmpl-gzjson");
  }

  @Test
  void badSpansAreNamedInAPartialSuccessAndNothingOfThemIsStored() throws Exception {
    start(null);
    String body = """
        {"resourceSpans":[{"resource":{"attributes":[{"key":"cto.agent","value":{"stringValue":"cleo"}}]},
          "scopeSpans":[{"spans":[
            {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"chat ok",
             "startTimeUnixNano":"1790000000000000000","endTimeUnixNano":"1790000001000000000",
             "attributes":[{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},
               {"key":"gen_ai.response.id","value":{"stringValue":"chatcmpl-ok"}},
               {"key":"gen_ai.usage.input_tokens","value":{"intValue":"10"}},
               {"key":"gen_ai.usage.output_tokens","value":{"intValue":"5"}}]},
            {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b175","name":"chat cached",
             "endTimeUnixNano":"1790000002000000000",
             "attributes":[{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},
               {"key":"gen_ai.response.id","value":{"stringValue":"chatcmpl-bad"}},
               {"key":"gen_ai.usage.input_tokens","value":{"intValue":"10"}},
               {"key":"gen_ai.usage.cache_read.input_tokens","value":{"intValue":"11"}}]},
            {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b176","name":"chat escape",
             "endTimeUnixNano":"1790000003000000000",
             "attributes":[{"key":"gen_ai.request.model","value":{"stringValue":"gpt\\u001b[2J"}},
               {"key":"gen_ai.usage.output_tokens","value":{"intValue":"5"}}]}]}]}]}
        """;

    HttpResponse<String> response = collector.post("/v1/traces", "application/json", bytes(body), TOKEN);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode partial = JSON.readTree(response.body()).get("partialSuccess");
    assertThat(partial.get("rejectedSpans").asLong()).isEqualTo(2);
    assertThat(partial.get("errorMessage").asText())
        .contains("span eee19b7ec3c1b175 'chat cached': cache tokens (11 read + 0 written) exceed gen_ai.usage.input_tokens 10")
        .contains("span eee19b7ec3c1b176 'chat escape'").contains("control characters");
    assertThat(collector.stored()).containsOnlyKeys("chatcmpl-ok");
    assertThat(collector.stored().get("chatcmpl-ok").get("agent").asText()).isEqualTo("cleo");
  }

  @Test
  void malformedBodiesAndMissingTokensAreRefusedAndTheRouteIsDocumented() throws Exception {
    start(null);
    HttpResponse<String> garbage = collector.post("/v1/traces", "application/x-protobuf", new byte[] {(byte) 0xff, (byte) 0xff, 0x01}, TOKEN);
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.body()).contains("not a protobuf ExportTraceServiceRequest");
    assertThat(collector.post("/v1/traces", "application/json", bytes("{}"), null).statusCode()).isEqualTo(401);
    assertThat(collector.post("/v1/traces", "application/json", bytes("{}"), "guess").statusCode()).isEqualTo(401);
    assertThat(collector.post("/v1/traces", "text/plain", bytes("{}"), TOKEN).statusCode()).isEqualTo(415);
    assertThat(JSON.readTree(collector.get("/v1/openapi.json").body()).get("paths").has("/v1/traces")).isTrue();
    assertThat(collector.stored()).isEmpty();
  }

  /**
   * The proxy forwarded the call and recorded it under the provider's message id; the agent's own
   * span of the same call carries that id as {@code gen_ai.response.id}: one record, the proxy's.
   */
  @Test
  void aCallSeenByTheProxyAndByOtlpCountsOnce() throws Exception {
    anthropic = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    anthropic.createContext("/v1/messages", ex -> {
      ex.getRequestBody().readAllBytes();
      byte[] reply = """
          {"id":"msg_01Both","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
           "content":[{"type":"text","text":"hi"}],"stop_reason":"end_turn",
           "usage":{"input_tokens":12,"cache_creation_input_tokens":300,"cache_read_input_tokens":4000,"output_tokens":55}}"""
          .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, reply.length);
      ex.getResponseBody().write(reply);
      ex.close();
    });
    anthropic.start();
    Path config = dir.resolve("cost-config.json");
    Files.writeString(config, "{\"proxy\":{\"upstreams\":{\"anthropic\":\"http://127.0.0.1:" + anthropic.getAddress().getPort() + "\"}}}");
    start(config);

    HttpResponse<String> proxied = collector.send(collector.request("/proxy/anthropic/v1/messages", null)
        .header("X-CTO-Token", TOKEN).header("Content-Type", "application/json").header("X-CTO-Agent", "rex")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5}")).build());
    assertThat(proxied.statusCode()).as(proxied.body()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).until(() -> collector.stored().size() == 1);

    OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
        .setEndpoint(collector.url("/v1/traces")).addHeader("Authorization", "Bearer " + TOKEN).build();
    SdkTracerProvider provider = provider(exporter, agentResource());
    span(provider.get("spring-ai"), "chat claude-sonnet-4-5", s -> s
        .setAttribute(stringKey("gen_ai.provider.name"), "anthropic")
        .setAttribute(stringKey("gen_ai.response.model"), "claude-sonnet-4-5-20250929")
        .setAttribute(stringKey("gen_ai.response.id"), "msg_01Both")
        .setAttribute(longKey("gen_ai.usage.input_tokens"), 4312L) // 12 + 4000 read + 300 written
        .setAttribute(longKey("gen_ai.usage.cache_read.input_tokens"), 4000L)
        .setAttribute(longKey("gen_ai.usage.cache_creation.input_tokens"), 300L)
        .setAttribute(longKey("gen_ai.usage.output_tokens"), 55L));
    assertThat(provider.forceFlush().join(15, TimeUnit.SECONDS).isSuccess()).isTrue();
    provider.shutdown().join(5, TimeUnit.SECONDS);

    Map<String, JsonNode> stored = collector.stored();
    assertThat(stored).containsOnlyKeys("msg_01Both");
    assertThat(stored.get("msg_01Both").get("input_tokens").asLong()).isEqualTo(12);
    assertThat(stored.get("msg_01Both").get("cache_read_input_tokens").asLong()).isEqualTo(4000);
    assertThat(JSON.readTree(collector.get("/v1/summary?since=2000-01-01").body()).get("records").asLong()).isEqualTo(1);
    assertThat(collector.get("/metrics").body()).contains("cost_collector_records_total{outcome=\"duplicate\",source=\"otlp\"} 1.0");
  }

  // ---- the SDK side

  private static Resource agentResource() {
    // OTEL_RESOURCE_ATTRIBUTES values are strings, so cto.pr and cto.iteration arrive as text
    return Resource.create(Attributes.builder().put("service.name", "agent")
        .put("cto.repository", "5dlabs/cto").put("cto.pr", "42").put("cto.agent", "rex")
        .put("cto.stage", "code").put("cto.iteration", "2").build());
  }

  private static SdkTracerProvider provider(SpanExporter exporter, Resource resource) {
    return SdkTracerProvider.builder().setResource(resource).addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  }

  private static void span(Tracer tracer, String name, Consumer<Span> fill) {
    Span span = tracer.spanBuilder(name).setStartTimestamp(START).startSpan();
    fill.accept(span);
    span.end(END);
  }

  /** Keeps what the SDK exports (to re-send or encode as JSON), passing it on when given a delegate. */
  private static final class CapturingExporter implements SpanExporter {
    final List<SpanData> spans = new ArrayList<>();
    private final SpanExporter delegate;

    CapturingExporter(SpanExporter delegate) {
      this.delegate = delegate;
    }

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> batch) {
      spans.addAll(batch);
      return delegate == null ? CompletableResultCode.ofSuccess() : delegate.export(batch);
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess(); // the test shuts the delegate after re-sending
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
