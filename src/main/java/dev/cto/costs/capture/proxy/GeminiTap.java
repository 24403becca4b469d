package dev.cto.costs.capture.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cto.costs.domain.TokenCounts;
import java.util.Optional;

/**
 * Gemini {@code generateContent} and {@code streamGenerateContent} (SSE with {@code alt=sse}, else
 * a streamed JSON array): {@code usageMetadata}, cumulative in streams. The prompt count includes
 * cached content, which is moved to cache reads; thinking tokens are billed as output.
 */
final class GeminiTap extends UsageTap {

  private String id;
  private String model;
  private TokenCounts tokens;

  GeminiTap(String contentType, String contentEncoding) {
    super(contentType, contentEncoding);
  }

  @Override
  void accept(JsonNode event) {
    if (text(event, "responseId") != null) {
      id = text(event, "responseId");
    }
    if (text(event, "modelVersion") != null) {
      model = text(event, "modelVersion");
    }
    JsonNode usage = event.get("usageMetadata");
    if (usage != null && usage.isObject()) {
      long cached = count(usage, "cachedContentTokenCount");
      tokens = new TokenCounts(Math.max(0, count(usage, "promptTokenCount") - cached),
          count(usage, "candidatesTokenCount") + count(usage, "thoughtsTokenCount"), 0, 0, cached);
    }
  }

  @Override
  Optional<CapturedUsage> captured() {
    return tokens == null ? Optional.empty() : Optional.of(new CapturedUsage(id, model, tokens));
  }
}
