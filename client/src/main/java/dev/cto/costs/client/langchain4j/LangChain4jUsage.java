package dev.cto.costs.client.langchain4j;

import dev.cto.costs.client.CallUsage;
import dev.cto.costs.domain.TokenCounts;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.output.TokenUsage;
import java.lang.reflect.Method;
import java.util.Locale;

/**
 * Turns LangChain4j's {@link TokenUsage} into the collector's token kinds.
 *
 * <p>The plain type knows input and output only. The provider modules subclass it with cache
 * counts, read here by accessor name so that this adapter needs only {@code langchain4j-core} on
 * the class path (names as of 1.19.0; the tests build the real classes, so a rename fails the
 * build):
 *
 * <ul>
 *   <li>Anthropic style ({@code AnthropicTokenUsage}): {@code cacheCreationInputTokens()} and {@code
 *       cacheReadInputTokens()}, counted apart from the input, which is uncached already;
 *   <li>OpenAI style ({@code OpenAiTokenUsage}): {@code inputTokensDetails().cachedTokens()}, which
 *       the input count includes: moved from input to cache reads (OpenAI-style usage
 *       is normalised on capture).
 * </ul>
 *
 * Anthropic's split of cache writes into 5-minute and 1-hour lifetimes is not exposed by
 * LangChain4j; all cache writes count as 5-minute writes.
 */
final class LangChain4jUsage {

  private LangChain4jUsage() {}

  static TokenCounts tokens(TokenUsage usage) {
    long input = count(usage.inputTokenCount());
    long output = count(usage.outputTokenCount());
    Integer cacheWrite = integer(usage, "cacheCreationInputTokens");
    Integer cacheRead = integer(usage, "cacheReadInputTokens");
    if (cacheWrite != null || cacheRead != null) {
      return new TokenCounts(input, output, count(cacheWrite), 0, count(cacheRead));
    }
    Object details = call(usage, "inputTokensDetails");
    long cached = details == null ? 0 : count(integer(details, "cachedTokens"));
    long cachedPart = Math.min(cached, input);
    return new TokenCounts(input - cachedPart, output, 0, 0, cachedPart);
  }

  static CallUsage callUsage(TokenUsage usage, String responseId, ModelProvider provider) {
    return new CallUsage(tokens(usage), responseId, provider(provider));
  }

  /** The provider names of the pricing catalog where they are known; otherwise LangChain4j's own. */
  static String provider(ModelProvider provider) {
    if (provider == null || provider == ModelProvider.OTHER) {
      return null;
    }
    return switch (provider) {
      case ANTHROPIC -> "anthropic";
      case OPEN_AI -> "openai";
      case GOOGLE_AI_GEMINI, GOOGLE_GENAI, GOOGLE_VERTEX_AI_GEMINI -> "google";
      default -> provider.name().toLowerCase(Locale.ROOT).replace('_', '-');
    };
  }

  private static long count(Integer n) {
    return n == null || n < 0 ? 0 : n;
  }

  private static Integer integer(Object target, String accessor) {
    return call(target, accessor) instanceof Integer n ? n : null;
  }

  /** A public no-argument accessor's value, or null when the type has none (or it cannot be called). */
  private static Object call(Object target, String accessor) {
    try {
      Method method = target.getClass().getMethod(accessor);
      return method.getParameterCount() == 0 ? method.invoke(target) : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
