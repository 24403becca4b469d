package dev.cto.costs.client.springai;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.models.messages.CacheCreation;
import dev.cto.costs.client.CallUsage;
import dev.cto.costs.domain.TokenCounts;
import java.util.List;
import java.util.Optional;
import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.openai.OpenAiChatModel;
import org.junit.jupiter.api.Test;

/** The usage conventions, on Spring AI's own usage types and Anthropic's SDK usage. */
class SpringAiUsageTest {

  @Test
  void anthropicsNativeUsageSplitsCacheWritesIntoFiveMinuteAndOneHour() {
    com.anthropic.models.messages.Usage sdk = com.anthropic.models.messages.Usage.builder()
        .inputTokens(120).outputTokens(30).cacheReadInputTokens(9000L).cacheCreationInputTokens(700L)
        .cacheCreation(CacheCreation.builder().ephemeral5mInputTokens(200).ephemeral1hInputTokens(500).build())
        .inferenceGeo(Optional.empty()).outputTokensDetails(Optional.empty())
        .serverToolUse(Optional.empty()).serviceTier(Optional.empty()).build();
    ChatResponse response = response("msg_01Split", new DefaultUsage(120, 30, 150, sdk, 9000L, 700L));

    CallUsage usage = SpringAiUsage.callUsage(response, SpringAiUsage.ANTHROPIC);

    assertThat(usage.tokens()).isEqualTo(new TokenCounts(120, 30, 200, 500, 9000));
    assertThat(usage.requestId()).isEqualTo("msg_01Split");
    assertThat(usage.provider()).isEqualTo("anthropic");
  }

  @Test
  void aPromptCountThatIncludesTheCacheLosesItAndOneSmallerThanTheCacheCannotHave() {
    assertThat(SpringAiUsage.tokens(new DefaultUsage(1000, 10, 1010, null, 600L, 100L), false))
        .isEqualTo(new TokenCounts(300, 10, 100, 0, 600));
    assertThat(SpringAiUsage.tokens(new DefaultUsage(50, 10, 60, null, 600L, null), false))
        .as("counted apart by the provider").isEqualTo(new TokenCounts(50, 10, 0, 0, 600));
    assertThat(SpringAiUsage.tokens(new DefaultUsage(1000, 10, 1010, null, 600L, null), true))
        .as("Anthropic's input is uncached already").isEqualTo(new TokenCounts(1000, 10, 0, 0, 600));
  }

  @Test
  void streamChunksWithoutUsageReportNoneAndProvidersComeFromTheModelsModule() {
    ChatResponse chunk = new ChatResponse(List.of(new Generation(new AssistantMessage("Hel"))));
    assertThat(SpringAiUsage.reportsUsage(chunk)).isFalse();
    assertThat(SpringAiUsage.callUsage(chunk, "openai")).isNull();
    assertThat(SpringAiUsage.reportsUsage(null)).isFalse();

    assertThat(SpringAiUsage.provider(AnthropicChatModel.class)).isEqualTo("anthropic");
    assertThat(SpringAiUsage.provider(OpenAiChatModel.class)).isEqualTo("openai");
    assertThat(SpringAiUsage.provider(SpringAiUsageTest.class)).isNull();
  }

  private static ChatResponse response(String id, DefaultUsage usage) {
    return new ChatResponse(List.of(new Generation(new AssistantMessage("done"))),
        ChatResponseMetadata.builder().id(id).model("claude-sonnet-4-5").usage(usage).build());
  }
}
