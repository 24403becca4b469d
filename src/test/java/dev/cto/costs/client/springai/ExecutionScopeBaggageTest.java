package dev.cto.costs.client.springai;

import static dev.cto.costs.client.springai.CostRecordingChatModelTest.ANTHROPIC_JSON;
import static dev.cto.costs.client.springai.CostRecordingChatModelTest.OPENAI_JSON;
import static dev.cto.costs.client.springai.CostRecordingChatModelTest.ask;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cto.costs.capture.proxy.FakeProviders;
import dev.cto.costs.client.ExecutionContext;
import dev.cto.costs.client.otel.OtelBaggage;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Scope;
import io.opentelemetry.contrib.baggage.processor.BaggageSpanProcessor;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
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
 * One process serving several PRs over the traces path: the application's tracer has OpenTelemetry's
 * contrib {@code BaggageSpanProcessor} (copying baggage onto every span it starts) and the OTLP
 * exporter to a real {@code serve}'s {@code /v1/traces}; its resource says nothing about PRs. Spring
 * AI's own observations made inside an {@link ExecutionScope} are charged to that scope's PR, agent,
 * stage and iteration, which only the scope's baggage carries.
 */
class ExecutionScopeBaggageTest {

  @TempDir Path dir;
  private FakeProviders fake;
  private CollectorUnderTest collector;
  private SdkTracerProvider tracing;

  private final ExecutionContext review = ExecutionContext.builder()
      .repository("5dlabs/cto").prNumber(18).agent("cleo").stage("review").iteration(3).taskId("task-7").build();
  private final ExecutionContext fix = ExecutionContext.builder()
      .repository("5dlabs/other").prNumber(42).agent("rex").stage("code").iteration(2).build();

  @BeforeEach
  void start() {
    fake = FakeProviders.start();
    collector = new CollectorUnderTest(dir, fake);
    OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
        .setEndpoint(collector.url() + "/v1/traces")
        .addHeader("Authorization", "Bearer " + CollectorUnderTest.TOKEN)
        .setTimeout(Duration.ofSeconds(30))
        .build();
    tracing = SdkTracerProvider.builder()
        .setResource(Resource.create(Attributes.builder().put("service.name", "agents").build()))
        .addSpanProcessor(new BaggageSpanProcessor(key -> key.startsWith("cto.")))
        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
        .build();
  }

  @AfterEach
  void stop() {
    tracing.shutdown().join(10, TimeUnit.SECONDS);
    collector.close();
    fake.close();
  }

  @Test
  void springAiSpansInsideAScopeAreChargedToItsContextThroughBaggage() throws Exception {
    assertThat(OtelBaggage.enabled()).as("the OpenTelemetry API is on this class path").isTrue();
    OtelTracer tracer = new OtelTracer(tracing.get("org.springframework.boot"), new OtelCurrentTraceContext(), event -> {});
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
    // one bean of each for every run, as a Spring application has them: no attribution is built in
    ChatModel anthropic = AnthropicChatModel.builder().options(AnthropicChatOptions.builder()
        .baseUrl(fake.anthropicBaseUrl()).apiKey("sk-ant-fake").maxTokens(256).maxRetries(0).build())
        .observationRegistry(registry).build();
    ChatModel openAi = OpenAiChatModel.builder().options(OpenAiChatOptions.builder()
        .baseUrl(fake.openAiBaseUrl() + "/v1").apiKey("sk-fake").maxRetries(0).build())
        .observationRegistry(registry).build();

    try (ExecutionScope outer = ExecutionScope.open(review)) {
      anthropic.call(ask(ANTHROPIC_JSON, true));
      try (ExecutionScope inner = ExecutionScope.open(fix)) {
        openAi.call(ask(OPENAI_JSON, false));
        assertThat(Baggage.current().getEntryValue("cto.task")).as("the outer scope's task is not inherited").isNull();
      }
      assertThat(Baggage.current().getEntryValue("cto.pr")).as("the outer scope's baggage is back").isEqualTo("18");
    }
    assertThat(Baggage.current().isEmpty()).as("no baggage left after the scopes").isTrue();
    assertThat(tracing.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).as("every span export acknowledged").isTrue();

    Map<String, JsonNode> traced = collector.stored();
    assertThat(traced).containsOnlyKeys(ANTHROPIC_JSON.id(), OPENAI_JSON.id());
    assertThat(attribution(traced.get(ANTHROPIC_JSON.id())))
        .containsExactlyEntriesOf(expected("5dlabs/cto", "18", "cleo", "review", "3", "task-7"));
    assertThat(attribution(traced.get(OPENAI_JSON.id())))
        .containsExactlyEntriesOf(expected("5dlabs/other", "42", "rex", "code", "2", null));
  }

  /** Baggage the application set itself stays, beside the scope's; outside any scope a span is charged to {@code unknown}. */
  @Test
  void theScopeKeepsOtherBaggageAndASpanOutsideAnyScopeGoesToUnknown() throws Exception {
    var tracer = tracing.get("agent");
    try (Scope app = Baggage.current().toBuilder().put("tenant", "acme").build().makeCurrent();
        ExecutionScope scope = ExecutionScope.open(fix)) {
      assertThat(Baggage.current().getEntryValue("tenant")).isEqualTo("acme");
      chat(tracer, "inside-1");
    }
    chat(tracer, "outside-1");
    assertThat(tracing.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();

    Map<String, JsonNode> traced = collector.stored();
    assertThat(attribution(traced.get("inside-1"))).containsExactlyEntriesOf(expected("5dlabs/other", "42", "rex", "code", "2", null));
    assertThat(traced.get("outside-1").get("agent").asText()).isEqualTo("unknown");
    assertThat(traced.get("outside-1").get("stage").asText()).isEqualTo("unknown");
  }

  /** {@code -Dcto.costs.otel.baggage=false}: the scope still attributes the decorator's calls, but sets no baggage. */
  @Test
  void theSystemPropertyKeepsAttributionOutOfBaggage() {
    String before = System.getProperty(OtelBaggage.DISABLE_PROPERTY);
    System.setProperty(OtelBaggage.DISABLE_PROPERTY, "false");
    try (ExecutionScope scope = ExecutionScope.open(fix)) {
      assertThat(OtelBaggage.enabled()).isFalse();
      assertThat(ExecutionScope.current()).contains(fix);
      assertThat(Baggage.current().isEmpty()).isTrue();
    } finally {
      if (before == null) {
        System.clearProperty(OtelBaggage.DISABLE_PROPERTY);
      } else {
        System.setProperty(OtelBaggage.DISABLE_PROPERTY, before);
      }
    }
    assertThat(OtelBaggage.enabled()).isTrue();
  }

  /** A GenAI span as an instrumented client makes it, priced with the fake's OpenAI model. */
  private static void chat(io.opentelemetry.api.trace.Tracer tracer, String responseId) {
    tracer.spanBuilder("chat " + OPENAI_JSON.model())
        .setAttribute(AttributeKey.stringKey("gen_ai.provider.name"), "openai")
        .setAttribute(AttributeKey.stringKey("gen_ai.request.model"), OPENAI_JSON.model())
        .setAttribute(AttributeKey.stringKey("gen_ai.response.id"), responseId)
        .setAttribute(AttributeKey.longKey("gen_ai.usage.input_tokens"), 100L)
        .setAttribute(AttributeKey.longKey("gen_ai.usage.output_tokens"), 10L)
        .startSpan().end();
  }

  private static Map<String, String> attribution(JsonNode record) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String field : new String[] {"repository", "pr_number", "agent", "stage", "iteration", "task_id"}) {
      JsonNode value = record.get(field);
      fields.put(field, value == null || value.isNull() ? null : value.asText());
    }
    return fields;
  }

  private static Map<String, String> expected(String repository, String pr, String agent, String stage, String iteration,
      String task) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("repository", repository);
    fields.put("pr_number", pr);
    fields.put("agent", agent);
    fields.put("stage", stage);
    fields.put("iteration", iteration);
    fields.put("task_id", task);
    return fields;
  }
}
