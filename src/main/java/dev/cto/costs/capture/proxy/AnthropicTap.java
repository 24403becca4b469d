package dev.cto.costs.capture.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cto.costs.domain.TokenCounts;
import java.util.Optional;

/**
 * Anthropic Messages: the response's {@code usage}; in a stream, {@code message_start} carries the
 * input and cache counts and each {@code message_delta} the cumulative output (newer API versions
 * repeat the input counts there too, and the later figure wins). Cache writes are split 5m/1h when
 * the response says ({@code usage.cache_creation}); otherwise all are 5-minute writes, the default.
 */
final class AnthropicTap extends UsageTap {

  private String id;
  private String model;
  private long input;
  private long output;
  private long cacheWrite;
  private long cacheWrite1h;
  private long cacheRead;
  private boolean seen;

  AnthropicTap(String contentType, String contentEncoding) {
    super(contentType, contentEncoding);
  }

  @Override
  void accept(JsonNode event) {
    String type = text(event, "type");
    if ("message_start".equals(type)) {
      message(event.get("message"));
    } else if ("message_delta".equals(type)) {
      JsonNode usage = event.get("usage");
      if (usage != null) {
        seen = true;
        output = count(usage, "output_tokens");
        if (usage.has("input_tokens")) {
          inputs(usage);
        }
      }
    } else if ("message".equals(type)) {
      message(event);
    }
  }

  private void message(JsonNode message) {
    if (message == null) {
      return;
    }
    id = text(message, "id") != null ? text(message, "id") : id;
    model = text(message, "model") != null ? text(message, "model") : model;
    JsonNode usage = message.get("usage");
    if (usage != null) {
      seen = true;
      inputs(usage);
      output = count(usage, "output_tokens");
    }
  }

  private void inputs(JsonNode usage) {
    input = count(usage, "input_tokens");
    cacheWrite = count(usage, "cache_creation_input_tokens");
    cacheRead = count(usage, "cache_read_input_tokens");
    JsonNode split = usage.get("cache_creation");
    // message_delta repeats the totals without the 5m/1h split: keep the split message_start gave
    long writes1h = split == null ? cacheWrite1h : count(split, "ephemeral_1h_input_tokens");
    cacheWrite1h = Math.min(cacheWrite, writes1h);
  }

  @Override
  Optional<CapturedUsage> captured() {
    return seen || id != null
        ? Optional.of(new CapturedUsage(id, model, new TokenCounts(input, output, cacheWrite - cacheWrite1h, cacheWrite1h, cacheRead)))
        : Optional.empty();
  }
}
