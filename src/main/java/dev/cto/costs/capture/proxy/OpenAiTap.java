package dev.cto.costs.capture.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cto.costs.domain.TokenCounts;
import java.util.Optional;

/**
 * OpenAI Chat Completions (JSON, and the streamed usage chunk), the Responses API ({@code usage}
 * of the response, or of {@code response.completed} in a stream), and Perplexity, which answers in
 * the Chat Completions shape. OpenAI counts cached prompt tokens inside the prompt; ours are
 * uncached input plus cache reads, so the cached part is moved out. Perplexity's citation tokens
 * are billed as input and its reasoning tokens as output.
 */
final class OpenAiTap extends UsageTap {

  private String id;
  private String model;
  private TokenCounts tokens;

  OpenAiTap(String contentType, String contentEncoding) {
    super(contentType, contentEncoding);
  }

  @Override
  void accept(JsonNode event) {
    JsonNode body = event.has("response") && event.get("response").isObject() ? event.get("response") : event;
    if (text(body, "id") != null && id == null) {
      id = text(body, "id");
    }
    if (text(body, "model") != null) {
      model = text(body, "model");
    }
    JsonNode usage = body.get("usage");
    if (usage == null || !usage.isObject()) {
      return;
    }
    if (usage.has("prompt_tokens")) { // Chat Completions, Perplexity
      long cached = count(usage.get("prompt_tokens_details"), "cached_tokens");
      long prompt = count(usage, "prompt_tokens") + count(usage, "citation_tokens");
      long reasoning = usage.has("reasoning_tokens") ? count(usage, "reasoning_tokens") : 0; // Perplexity only
      tokens = new TokenCounts(Math.max(0, prompt - cached), count(usage, "completion_tokens") + reasoning, 0, 0, cached);
    } else if (usage.has("input_tokens")) { // Responses API
      long cached = count(usage.get("input_tokens_details"), "cached_tokens");
      tokens = new TokenCounts(Math.max(0, count(usage, "input_tokens") - cached), count(usage, "output_tokens"), 0, 0, cached);
    }
  }

  @Override
  Optional<CapturedUsage> captured() {
    return tokens == null ? Optional.empty() : Optional.of(new CapturedUsage(id, model, tokens));
  }
}
