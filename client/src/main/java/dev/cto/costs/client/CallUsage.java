package dev.cto.costs.client;

import dev.cto.costs.domain.TokenCounts;
import java.util.Objects;

/**
 * What one model call used, as a provider response reports it.
 *
 * @param tokens by kind; OpenAI-style prompt counts (which include the cached part) must be split
 *     by the extractor: uncached input in {@code input}, the cached part in {@code cacheRead}
 * @param requestId the provider's id for the call (e.g. Anthropic {@code msg_…}), or null; it
 *     becomes the record id, so the same call reported twice is stored once
 * @param provider e.g. {@code anthropic}, or null to let the collector take it from its prices
 */
public record CallUsage(TokenCounts tokens, String requestId, String provider) {

  public CallUsage {
    Objects.requireNonNull(tokens, "tokens");
    requestId = requestId == null || requestId.isBlank() ? null : requestId;
  }

  public static CallUsage of(long inputTokens, long outputTokens) {
    return new CallUsage(TokenCounts.of(inputTokens, outputTokens), null, null);
  }

  /** Cache writes (default lifetime) and cache reads, both counted apart from uncached input. */
  public CallUsage withCache(long cacheWriteTokens, long cacheReadTokens) {
    return new CallUsage(
        new TokenCounts(tokens.input(), tokens.output(), cacheWriteTokens, tokens.cacheWrite1h(), cacheReadTokens),
        requestId, provider);
  }

  public CallUsage withRequestId(String requestId) {
    return new CallUsage(tokens, requestId, provider);
  }

  public CallUsage withProvider(String provider) {
    return new CallUsage(tokens, requestId, provider);
  }
}
