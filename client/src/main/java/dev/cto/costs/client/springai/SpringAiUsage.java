package dev.cto.costs.client.springai;

import dev.cto.costs.client.CallUsage;
import dev.cto.costs.domain.TokenCounts;
import java.lang.reflect.Method;
import java.util.Optional;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.EmptyUsage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;

/**
 * Turns the usage of a Spring AI {@link ChatResponse} into the collector's token kinds.
 *
 * <p>Spring AI's {@link Usage} passes each provider's prompt count on as the provider reports it,
 * so its meaning depends on the provider (as of Spring AI 2.0.1):
 *
 * <ul>
 *   <li>Anthropic: {@code getPromptTokens()} is the uncached input, and the cache reads and writes
 *       ({@code getCacheReadInputTokens()}, {@code getCacheWriteInputTokens()}) come on top;
 *   <li>OpenAI, and the GenAI semantic conventions: the prompt count includes the cached tokens,
 *       so they are moved from input to cache reads (and writes).
 * </ul>
 *
 * A prompt count smaller than the cache counts can only mean they were counted apart; then they are
 * not subtracted. Anthropic's native usage ({@code com.anthropic.models.messages.Usage}, read by
 * accessor name so that the adapter needs only {@code spring-ai-model}) splits cache writes into
 * 5-minute and 1-hour lifetimes; without it (streams, whose final event does not carry the split,
 * or usage summed over tool-calling rounds) every write counts as a 5-minute write.
 */
final class SpringAiUsage {

  static final String ANTHROPIC = "anthropic";
  static final String OPENAI = "openai";

  private SpringAiUsage() {}

  /**
   * Whether the response reports usage: stream chunks other than the one with the final counts
   * carry Spring AI's {@link EmptyUsage} (whose native usage is an empty map, not null).
   */
  static boolean reportsUsage(ChatResponse response) {
    Usage usage = usage(response);
    if (usage == null || usage instanceof EmptyUsage) {
      return false;
    }
    return usage.getNativeUsage() != null || count(usage.getTotalTokens()) > 0;
  }

  /** The call's usage, or null when the response reported none. */
  static CallUsage callUsage(ChatResponse response, String provider) {
    if (!reportsUsage(response)) {
      return null;
    }
    return new CallUsage(tokens(usage(response), ANTHROPIC.equals(provider)), response.getMetadata().getId(), provider);
  }

  static TokenCounts tokens(Usage usage, boolean cacheCountedApart) {
    long prompt = count(usage.getPromptTokens());
    long output = count(usage.getCompletionTokens());
    long reads = count(usage.getCacheReadInputTokens());
    long writes = count(usage.getCacheWriteInputTokens());
    long input = cacheCountedApart || reads + writes > prompt ? prompt : prompt - reads - writes;
    long writes1h = Math.min(writes, count(oneHourWrites(usage.getNativeUsage())));
    return new TokenCounts(input, output, writes - writes1h, writes1h, reads);
  }

  /**
   * The provider's name in the pricing catalog, from the Spring AI module the model comes from
   * ({@code org.springframework.ai.anthropic.AnthropicChatModel} is {@code anthropic}); null for
   * others, which lets the collector take it from its prices.
   */
  static String provider(Class<?> modelClass) {
    String name = modelClass.getName();
    if (name.startsWith("org.springframework.ai.anthropic.")) {
      return ANTHROPIC;
    }
    if (name.startsWith("org.springframework.ai.openai.")) {
      return OPENAI;
    }
    return null;
  }

  private static Usage usage(ChatResponse response) {
    if (response == null) {
      return null;
    }
    ChatResponseMetadata metadata = response.getMetadata();
    return metadata == null ? null : metadata.getUsage();
  }

  /** Anthropic's {@code usage.cache_creation.ephemeral_1h_input_tokens}, when the native usage has it. */
  private static Long oneHourWrites(Object nativeUsage) {
    Object breakdown = call(nativeUsage, "cacheCreation");
    if (breakdown instanceof Optional<?> optional) {
      breakdown = optional.orElse(null);
    }
    return call(breakdown, "ephemeral1hInputTokens") instanceof Long n ? n : null;
  }

  private static long count(Number n) {
    return n == null || n.longValue() < 0 ? 0 : n.longValue();
  }

  /** A public no-argument accessor's value, or null when there is none (or it cannot be called). */
  private static Object call(Object target, String accessor) {
    if (target == null) {
      return null;
    }
    try {
      Method method = target.getClass().getMethod(accessor);
      return method.invoke(target);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
