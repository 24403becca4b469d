package dev.cto.costs.client.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.cto.costs.client.CostInterceptor;
import dev.cto.costs.client.ExecutionContext;
import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The listener fed the contexts LangChain4j builds, made by hand from its real classes. */
class LangChain4jCostListenerTest {

  private final List<UsageRecord> sunk = new CopyOnWriteArrayList<>();
  private final ExecutionContext context = ExecutionContext.builder()
      .repository("5dlabs/cto").prNumber(77).agent("blaze").stage("code").iteration(3).cli("opencode").build();
  private final LangChain4jCostListener listener = new LangChain4jCostListener(sunk::add, context);

  private static ChatModelResponseContext respond(
      String id, String answeredModel, TokenUsage usage, String askedModel, ModelProvider provider) {
    ChatResponse response = ChatResponse.builder().aiMessage(AiMessage.from("done"))
        .id(id).modelName(answeredModel).tokenUsage(usage).build();
    ChatRequest request = ChatRequest.builder().messages(UserMessage.from("fix the test")).modelName(askedModel).build();
    return new ChatModelResponseContext(response, request, provider, new HashMap<>());
  }

  @Test
  void anthropicCacheWritesAndReadsAreCountedApartFromTheUncachedInput() {
    AnthropicTokenUsage usage = AnthropicTokenUsage.builder()
        .inputTokenCount(1200).outputTokenCount(300).cacheCreationInputTokens(500).cacheReadInputTokens(8000).build();

    listener.onResponse(respond("msg_01XYZ", "claude-sonnet-4-5-20250929", usage, "claude-sonnet-4-5", ModelProvider.ANTHROPIC));

    assertThat(sunk).singleElement().satisfies(r -> {
      assertThat(r.id()).isEqualTo("msg_01XYZ");
      assertThat(r.requestId()).isEqualTo("msg_01XYZ");
      assertThat(r.model()).isEqualTo("claude-sonnet-4-5-20250929");
      assertThat(r.provider()).isEqualTo("anthropic");
      assertThat(r.tokens()).isEqualTo(new TokenCounts(1200, 300, 500, 0, 8000));
      assertThat(r.attribution()).isEqualTo(new Attribution("5dlabs/cto", 77L, "blaze", "code", 3, null));
      assertThat(r.cli()).isEqualTo("opencode");
      assertThat(r.source()).isEqualTo(CostInterceptor.SOURCE);
    });
  }

  @Test
  void openAiCachedTokensMoveFromTheInputToCacheReads() {
    OpenAiTokenUsage usage = OpenAiTokenUsage.builder().inputTokenCount(1000).outputTokenCount(200)
        .inputTokensDetails(OpenAiTokenUsage.InputTokensDetails.builder().cachedTokens(600).build()).build();

    listener.onResponse(respond("chatcmpl-42", "gpt-5-2025-08-07", usage, "gpt-5", ModelProvider.OPEN_AI));

    assertThat(sunk).singleElement().satisfies(r -> {
      assertThat(r.id()).isEqualTo("chatcmpl-42");
      assertThat(r.provider()).isEqualTo("openai");
      assertThat(r.tokens()).isEqualTo(new TokenCounts(400, 200, 0, 0, 600));
    });
  }

  @Test
  void openAiUsageWithoutDetailsIsAllUncachedInput() {
    OpenAiTokenUsage usage = OpenAiTokenUsage.builder().inputTokenCount(50).outputTokenCount(5).build();

    listener.onResponse(respond("chatcmpl-1", "gpt-5", usage, null, ModelProvider.OPEN_AI));

    assertThat(sunk).singleElement().satisfies(r -> assertThat(r.tokens()).isEqualTo(TokenCounts.of(50, 5)));
  }

  @Test
  void plainUsageWithoutIdOrAnsweredModelTakesTheAskedModelAndAFreshId() {
    listener.onResponse(respond(null, null, new TokenUsage(10, 5), "llama3.3", ModelProvider.OLLAMA));
    listener.onResponse(respond(null, null, new TokenUsage(1, 1), null, ModelProvider.OTHER));

    assertThat(sunk).hasSize(2);
    UsageRecord ollama = sunk.get(0);
    assertThat(ollama.model()).isEqualTo("llama3.3");
    assertThat(ollama.provider()).isEqualTo("ollama");
    assertThat(ollama.tokens()).isEqualTo(TokenCounts.of(10, 5));
    assertThat(UUID.fromString(ollama.id())).isNotNull();
    assertThat(ollama.requestId()).isNull();
    assertThat(sunk.get(1).model()).isEqualTo("unknown");
    assertThat(sunk.get(1).provider()).isNull();
  }

  @Test
  void providerNamesFollowThePricingCatalog() {
    assertThat(LangChain4jUsage.provider(ModelProvider.GOOGLE_AI_GEMINI)).isEqualTo("google");
    assertThat(LangChain4jUsage.provider(ModelProvider.GOOGLE_VERTEX_AI_GEMINI)).isEqualTo("google");
    assertThat(LangChain4jUsage.provider(ModelProvider.AMAZON_BEDROCK)).isEqualTo("amazon-bedrock");
    assertThat(LangChain4jUsage.provider(null)).isNull();
  }

  @Test
  void aResponseWithoutUsageOrAFailingSinkIsCountedAndNeverThrowsIntoLangChain4j() {
    LangChain4jCostListener failing = new LangChain4jCostListener(r -> {
      throw new IllegalStateException("queue closed");
    }, context);

    listener.onResponse(respond("msg_1", "claude-haiku-4-5", null, null, ModelProvider.ANTHROPIC));
    assertThatCode(() -> failing.onResponse(respond("msg_2", "claude-haiku-4-5", new TokenUsage(1, 1), null,
        ModelProvider.ANTHROPIC))).doesNotThrowAnyException();

    assertThat(sunk).isEmpty();
    assertThat(listener.interceptor().dropped()).isEqualTo(1);
    assertThat(failing.interceptor().dropped()).isEqualTo(1);
  }
}
