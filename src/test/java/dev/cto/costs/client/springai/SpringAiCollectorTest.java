package dev.cto.costs.client.springai;

import static dev.cto.costs.client.springai.CollectorUnderTest.tokens;
import static dev.cto.costs.client.springai.CostRecordingChatModelTest.ANTHROPIC_JSON;
import static dev.cto.costs.client.springai.CostRecordingChatModelTest.ANTHROPIC_STREAM;
import static dev.cto.costs.client.springai.CostRecordingChatModelTest.OPENAI_JSON;
import static dev.cto.costs.client.springai.CostRecordingChatModelTest.OPENAI_STREAM;
import static dev.cto.costs.client.springai.CostRecordingChatModelTest.ask;
import static dev.cto.costs.client.springai.CostRecordingChatModelTest.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cto.costs.capture.proxy.FakeProviders;
import dev.cto.costs.client.ExecutionContext;
import dev.cto.costs.client.RemoteUsageSink;
import dev.cto.costs.domain.TokenCounts;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

/**
 * The second path: Spring AI's own observations, turned into OpenTelemetry spans by the Micrometer
 * tracing bridge as Spring Boot wires it (the tracer named {@code org.springframework.boot}) and
 * sent by the OpenTelemetry SDK's OTLP exporter to a real {@code serve}'s {@code /v1/traces}. The
 * same calls also go through the decorator to another {@code serve}: the two stores hold the same
 * records, and sending the spans to the decorator's store too changes nothing there.
 */
class SpringAiCollectorTest {

  /** The tracer Spring Boot's tracing auto-configuration builds for Micrometer. */
  private static final String SPRING_BOOT_TRACER = "org.springframework.boot";

  @TempDir Path dir;
  private FakeProviders fake;
  private CollectorUnderTest viaDecorator;
  private CollectorUnderTest viaTraces;
  private RemoteUsageSink sink;
  private SdkTracerProvider tracing;
  private final CapturingExporter sent = new CapturingExporter();

  /** The agent run: its context for the decorator, and the same as OTel resource attributes. */
  private final ExecutionContext run = ExecutionContext.builder()
      .repository("5dlabs/cto").prNumber(18).agent("cleo").stage("review").iteration(3).build();

  @BeforeEach
  void start() {
    fake = FakeProviders.start();
    viaDecorator = new CollectorUnderTest(dir.resolve("decorator"), fake);
    viaTraces = new CollectorUnderTest(dir.resolve("traces"), fake);
    sink = viaDecorator.sink();
    sent.delegate = OtlpHttpSpanExporter.builder()
        .setEndpoint(viaTraces.url() + "/v1/traces")
        .addHeader("Authorization", "Bearer " + CollectorUnderTest.TOKEN)
        .setTimeout(Duration.ofSeconds(30))
        .build();
    // OTEL_RESOURCE_ATTRIBUTES values are strings: cto.pr and cto.iteration arrive as text
    Resource agent = Resource.create(Attributes.builder().put("service.name", "review-agent")
        .put("cto.repository", run.repository()).put("cto.pr", String.valueOf(run.prNumber()))
        .put("cto.agent", run.agent()).put("cto.stage", run.stage()).put("cto.iteration", String.valueOf(run.iteration()))
        .build());
    tracing = SdkTracerProvider.builder().setResource(agent).addSpanProcessor(SimpleSpanProcessor.create(sent)).build();
  }

  @AfterEach
  void stop() {
    tracing.shutdown().join(10, TimeUnit.SECONDS);
    sink.close();
    viaDecorator.close();
    viaTraces.close();
    fake.close();
  }

  private ObservationRegistry observations() {
    OtelTracer tracer = new OtelTracer(tracing.get(SPRING_BOOT_TRACER), new OtelCurrentTraceContext(), event -> {});
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
    return registry;
  }

  @Test
  void observationsExportedAsSpansGiveTheDecoratorsRecordsAndBothPathsCountEachCallOnce() throws Exception {
    ObservationRegistry registry = observations();
    ChatModel anthropic = new CostRecordingChatModel(AnthropicChatModel.builder().options(AnthropicChatOptions.builder()
        .baseUrl(fake.anthropicBaseUrl()).apiKey("sk-ant-fake").maxTokens(256).maxRetries(0).build())
        .observationRegistry(registry).build(), sink, run);
    ChatModel openAi = new CostRecordingChatModel(OpenAiChatModel.builder().options(OpenAiChatOptions.builder()
        .baseUrl(fake.openAiBaseUrl() + "/v1").apiKey("sk-fake").maxRetries(0).build())
        .observationRegistry(registry).build(), sink, run);

    anthropic.call(ask(ANTHROPIC_JSON, true));
    openAi.call(ask(OPENAI_JSON, false));
    assertThat(sink.flush(Duration.ofSeconds(30))).isTrue();
    assertThat(tracing.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).as("every span export acknowledged").isTrue();

    Map<String, JsonNode> decorated = viaDecorator.stored();
    Map<String, JsonNode> traced = viaTraces.stored();
    assertThat(traced).containsOnlyKeys(ANTHROPIC_JSON.id(), OPENAI_JSON.id());
    assertThat(decorated.keySet()).isEqualTo(traced.keySet());
    for (String id : traced.keySet()) {
      assertThat(comparable(traced.get(id))).as(id).isEqualTo(comparable(decorated.get(id)));
    }
    assertThat(tokens(traced.get(ANTHROPIC_JSON.id()))).as("Spring's Anthropic input is uncached")
        .isEqualTo(ANTHROPIC_JSON.usage());
    assertThat(tokens(traced.get(OPENAI_JSON.id()))).isEqualTo(OPENAI_JSON.usage());
    assertThat(traced.get(OPENAI_JSON.id()).get("cost_usd").decimalValue())
        .isEqualByComparingTo(FakeProviders.expectedCost(OPENAI_JSON.usage()).toBigDecimal());

    // both paths on for the same calls: the spans reach the decorator's store as well
    OtlpHttpSpanExporter toDecoratorStore = OtlpHttpSpanExporter.builder()
        .setEndpoint(viaDecorator.url() + "/v1/traces")
        .addHeader("Authorization", "Bearer " + CollectorUnderTest.TOKEN).setTimeout(Duration.ofSeconds(30)).build();
    assertThat(toDecoratorStore.export(sent.spans()).join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
    toDecoratorStore.shutdown().join(10, TimeUnit.SECONDS);
    assertThat(viaDecorator.stored()).as("each call once, unchanged").isEqualTo(decorated);
  }

  /**
   * Spring AI's stream observations aggregate the chunks' usage without the cache counts (Spring AI
   * 2.0.1's MessageAggregator keeps prompt and completion only): the span still names the call by
   * its id, so it counts once, but only the decorator sees the cache tokens of a stream.
   */
  @Test
  void streamObservationsCountOnceButOnlyTheDecoratorSeesTheirCacheTokens() throws Exception {
    ObservationRegistry registry = observations();
    ChatModel anthropic = new CostRecordingChatModel(AnthropicChatModel.builder().options(AnthropicChatOptions.builder()
        .baseUrl(fake.anthropicBaseUrl()).apiKey("sk-ant-fake").maxTokens(256).maxRetries(0).build())
        .observationRegistry(registry).build(), sink, run);
    ChatModel openAi = new CostRecordingChatModel(OpenAiChatModel.builder().options(OpenAiChatOptions.builder()
        .baseUrl(fake.openAiBaseUrl() + "/v1").apiKey("sk-fake").maxRetries(0).build())
        .observationRegistry(registry).build(), sink, run);

    drain(anthropic.stream(ask(ANTHROPIC_STREAM, true)));
    drain(openAi.stream(ask(OPENAI_STREAM, false)));
    assertThat(sink.flush(Duration.ofSeconds(30))).isTrue();
    // Spring AI stops a stream's observation in doFinally, after the subscriber saw the end
    await().atMost(Duration.ofSeconds(30)).until(() -> sent.spans().stream()
        .map(span -> span.getAttributes().get(AttributeKey.stringKey("gen_ai.response.id")))
        .filter(id -> ANTHROPIC_STREAM.id().equals(id) || OPENAI_STREAM.id().equals(id)).distinct().count() == 2);
    assertThat(tracing.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();

    Map<String, JsonNode> traced = viaTraces.stored();
    assertThat(traced).containsOnlyKeys(ANTHROPIC_STREAM.id(), OPENAI_STREAM.id());
    TokenCounts anthropicSent = ANTHROPIC_STREAM.usage();
    assertThat(tokens(traced.get(ANTHROPIC_STREAM.id()))).as("the uncached input and the output only")
        .isEqualTo(TokenCounts.of(anthropicSent.input(), anthropicSent.output()));
    TokenCounts openAiSent = OPENAI_STREAM.usage();
    assertThat(tokens(traced.get(OPENAI_STREAM.id()))).as("the whole prompt as input")
        .isEqualTo(TokenCounts.of(openAiSent.input() + openAiSent.cacheRead(), openAiSent.output()));
    assertThat(tokens(viaDecorator.stored().get(OPENAI_STREAM.id()))).isEqualTo(openAiSent);

    OtlpHttpSpanExporter toDecoratorStore = OtlpHttpSpanExporter.builder()
        .setEndpoint(viaDecorator.url() + "/v1/traces")
        .addHeader("Authorization", "Bearer " + CollectorUnderTest.TOKEN).setTimeout(Duration.ofSeconds(30)).build();
    Map<String, JsonNode> decorated = viaDecorator.stored();
    assertThat(toDecoratorStore.export(sent.spans()).join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
    toDecoratorStore.shutdown().join(10, TimeUnit.SECONDS);
    assertThat(viaDecorator.stored()).as("the decorator's exact records stay").isEqualTo(decorated);
  }

  /** What both paths must agree on: all but the capture time and the provider request id. */
  private static Map<String, String> comparable(JsonNode r) {
    Map<String, String> fields = new java.util.TreeMap<>();
    r.fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
    fields.remove("timestamp"); // the decorator's clock vs the span's end
    fields.remove("request_id"); // the decorator keeps it apart; the span's id is the record id
    fields.put("cost_usd", r.get("cost_usd").decimalValue().stripTrailingZeros().toPlainString());
    return fields;
  }

  /** Passes spans on to the OTLP exporter and keeps them, to send them again elsewhere. */
  private static final class CapturingExporter implements SpanExporter {
    private final List<SpanData> spans = new ArrayList<>();
    SpanExporter delegate;

    synchronized List<SpanData> spans() {
      return List.copyOf(spans);
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      synchronized (this) {
        spans.addAll(batch);
      }
      return delegate.export(batch);
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }
  }
}
