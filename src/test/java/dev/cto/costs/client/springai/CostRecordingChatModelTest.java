package dev.cto.costs.client.springai;

import static dev.cto.costs.client.springai.CollectorUnderTest.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cto.costs.capture.proxy.FakeProviders;
import dev.cto.costs.capture.proxy.FakeProviders.Call;
import dev.cto.costs.client.ExecutionContext;
import dev.cto.costs.client.RemoteUsageSink;
import dev.cto.costs.domain.TokenCounts;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import reactor.util.context.Context;

/**
 * Spring AI's real {@link AnthropicChatModel} and {@link OpenAiChatModel} (over the providers'
 * official Java SDKs) call the loopback fake provider through the decorator; the records it sends
 * with the client's {@link RemoteUsageSink} to a real {@code serve} carry each call's exact tokens,
 * cache tokens, model, response id, attribution and cost.
 */
class CostRecordingChatModelTest {

  static final Call ANTHROPIC_JSON = FakeProviders.call("ANTHROPIC_JSON");
  static final Call ANTHROPIC_STREAM = FakeProviders.call("ANTHROPIC_STREAM");
  static final Call ANTHROPIC_429 = FakeProviders.call("ANTHROPIC_RATE_LIMITED");
  static final Call OPENAI_JSON = FakeProviders.call("OPENAI_JSON");
  static final Call OPENAI_STREAM = FakeProviders.call("OPENAI_STREAM_WITH_USAGE");
  static final Duration STREAM_BOUND = Duration.ofSeconds(60);

  @TempDir Path dir;
  private FakeProviders fake;
  private CollectorUnderTest collector;
  private RemoteUsageSink sink;

  private final ExecutionContext runDefault = ExecutionContext.builder()
      .repository("5dlabs/cto").prNumber(18).agent("rex").stage("code").iteration(1).build();
  private final ExecutionContext review = runDefault.withAgent("cleo").withStage("review").withIteration(3);

  @BeforeEach
  void start() {
    fake = FakeProviders.start();
    collector = new CollectorUnderTest(dir, fake);
    sink = collector.sink();
  }

  @AfterEach
  void stop() {
    sink.close();
    collector.close();
    fake.close();
  }

  static ChatModel anthropic(FakeProviders fake) {
    return AnthropicChatModel.builder().options(AnthropicChatOptions.builder()
        .baseUrl(fake.anthropicBaseUrl()).apiKey("sk-ant-fake").model("claude-fake-default").maxTokens(256)
        .maxRetries(0).timeout(Duration.ofSeconds(30)).build()).build();
  }

  static ChatModel openAi(FakeProviders fake) {
    return OpenAiChatModel.builder().options(OpenAiChatOptions.builder()
        .baseUrl(fake.openAiBaseUrl() + "/v1").apiKey("sk-fake").model("gpt-fake-default")
        .maxRetries(0).timeout(Duration.ofSeconds(30)).build()).build();
  }

  static Prompt ask(Call call, boolean anthropic) {
    return new Prompt("fix the failing test", anthropic
        ? AnthropicChatOptions.builder().model(call.model()).maxTokens(256).build()
        : OpenAiChatOptions.builder().model(call.model()).build());
  }

  /** Runs a stream to its end, within a bound, and returns its chunks. */
  static List<ChatResponse> drain(reactor.core.publisher.Flux<ChatResponse> stream) {
    return stream.collectList().block(STREAM_BOUND);
  }

  @Test
  void anthropicCallsAndStreamsAreRecordedWithTheirCacheTokensUnderTheScopedContext() throws Exception {
    CostRecordingChatModel model = new CostRecordingChatModel(anthropic(fake), sink, runDefault);

    try (ExecutionScope scope = ExecutionScope.open(review)) {
      ChatResponse answer = model.call(ask(ANTHROPIC_JSON, true));
      assertThat(answer.getResult().getOutput().getText()).as("the call's own result passes through")
          .isEqualTo("Hello! Grüße from the fake upstream ✓");
      assertThat(drain(model.stream(ask(ANTHROPIC_STREAM, true)))).isNotEmpty();
    }
    assertThat(sink.flush(Duration.ofSeconds(30))).isTrue();

    Map<String, JsonNode> stored = collector.stored();
    assertThat(stored).containsOnlyKeys(ANTHROPIC_JSON.id(), ANTHROPIC_STREAM.id());
    JsonNode json = stored.get(ANTHROPIC_JSON.id());
    assertThat(tokens(json)).as("input uncached, caches apart").isEqualTo(ANTHROPIC_JSON.usage());
    assertThat(json.get("model").asText()).isEqualTo(ANTHROPIC_JSON.model());
    assertThat(json.get("provider").asText()).isEqualTo("anthropic");
    assertThat(json.get("request_id").asText()).isEqualTo(ANTHROPIC_JSON.id());
    assertAttributed(json, review);
    assertThat(json.get("priced").asBoolean()).isTrue();
    assertThat(cost(json)).isEqualByComparingTo(FakeProviders.expectedCost(ANTHROPIC_JSON.usage()).toBigDecimal());

    // The stream's final event (message_delta) carries no split of the cache writes by lifetime,
    // and Spring AI passes on only that event's usage: the 1-hour writes count as 5-minute ones.
    TokenCounts sent = ANTHROPIC_STREAM.usage();
    TokenCounts recorded = new TokenCounts(sent.input(), sent.output(), sent.cacheCreation(), 0, sent.cacheRead());
    JsonNode stream = stored.get(ANTHROPIC_STREAM.id());
    assertThat(sent.cacheWrite1h()).as("the scenario has 1-hour writes").isPositive();
    assertThat(tokens(stream)).isEqualTo(recorded);
    assertThat(cost(stream)).isEqualByComparingTo(FakeProviders.expectedCost(recorded).toBigDecimal());
    assertAttributed(stream, review);
    assertThat(model.interceptor().recorded()).isEqualTo(2);
    assertThat(model.interceptor().dropped()).isZero();
  }

  @Test
  void openAiCachedPromptTokensMoveFromInputToCacheReadsForCallsAndStreams() throws Exception {
    CostRecordingChatModel model = new CostRecordingChatModel(openAi(fake), sink, runDefault);

    model.call(ask(OPENAI_JSON, false)); // outside any scope: the model's default context
    // a subscriber's Reactor context wins over the thread's scope: it travels with the stream
    try (ExecutionScope scope = ExecutionScope.open(runDefault.withStage("plan"))) {
      drain(model.stream(ask(OPENAI_STREAM, false)).contextWrite(Context.of(ExecutionScope.REACTOR_KEY, review)));
    }
    assertThat(sink.flush(Duration.ofSeconds(30))).isTrue();

    Map<String, JsonNode> stored = collector.stored();
    assertThat(stored).containsOnlyKeys(OPENAI_JSON.id(), OPENAI_STREAM.id());
    for (Call call : List.of(OPENAI_JSON, OPENAI_STREAM)) {
      JsonNode r = stored.get(call.id());
      assertThat(tokens(r)).as(call.model()).isEqualTo(call.usage());
      assertThat(r.get("model").asText()).isEqualTo(call.model());
      assertThat(r.get("provider").asText()).isEqualTo("openai");
      assertThat(cost(r)).isEqualByComparingTo(FakeProviders.expectedCost(call.usage()).toBigDecimal());
    }
    assertAttributed(stored.get(OPENAI_JSON.id()), runDefault);
    assertAttributed(stored.get(OPENAI_STREAM.id()), review);
  }

  @Test
  void theSameCallRecordedTwiceIsStoredOnceAndAFailedCallIsNotRecorded() throws Exception {
    CostRecordingChatModel model = new CostRecordingChatModel(anthropic(fake), sink, runDefault);

    model.call(ask(ANTHROPIC_JSON, true));
    model.call(ask(ANTHROPIC_JSON, true)); // the fake answers with the same message id
    assertThatThrownBy(() -> model.call(ask(ANTHROPIC_429, true))).as("the provider's error passes through")
        .hasMessageContaining("rate limit");
    assertThat(sink.flush(Duration.ofSeconds(30))).isTrue();

    assertThat(fake.requestsFor(ANTHROPIC_JSON)).isEqualTo(2);
    assertThat(collector.stored()).containsOnlyKeys(ANTHROPIC_JSON.id());
    assertThat(model.interceptor().recorded()).isEqualTo(2);
    assertThat(model.interceptor().dropped()).as("a failed call has no usage to drop").isZero();
  }

  @Test
  void scopesNestAndRestoreTheOuterContext() {
    try (ExecutionScope outer = ExecutionScope.open(runDefault)) {
      try (ExecutionScope inner = ExecutionScope.open(review)) {
        assertThat(ExecutionScope.current()).contains(review);
      }
      assertThat(ExecutionScope.current()).contains(runDefault);
    }
    assertThat(ExecutionScope.current()).isEmpty();
  }

  static void assertAttributed(JsonNode r, ExecutionContext context) {
    assertThat(r.get("repository").asText()).isEqualTo(context.repository());
    assertThat(r.get("pr_number").asLong()).isEqualTo(context.prNumber());
    assertThat(r.get("agent").asText()).isEqualTo(context.agent());
    assertThat(r.get("stage").asText()).isEqualTo(context.stage());
    assertThat(r.get("iteration").asInt()).isEqualTo(context.iteration());
  }

  static BigDecimal cost(JsonNode r) {
    return r.get("cost_usd").decimalValue();
  }
}
