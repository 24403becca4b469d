package dev.cto.costs.capture.otlp;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;

/**
 * Codex's usage event: {@code codex.sse_event} with {@code event.kind = response.completed}, the
 * end of one Responses API call, carrying {@code input_token_count}, {@code output_token_count},
 * {@code cached_token_count}, {@code reasoning_token_count}, {@code model} and {@code
 * conversation.id}.
 *
 * <p>Assumed from Codex's documentation and public receivers, not from a captured export: the
 * counts follow the OpenAI API, where input includes the cached tokens and output includes
 * reasoning. So uncached input is {@code input - cached} and output is taken as is (our output
 * kind already includes reasoning). The event has no request id; its id is a hash of the event.
 */
final class CodexSseEvent {

  static final String EVENT = "codex.sse_event";
  static final String CLI = "codex";

  private CodexSseEvent() {}

  static boolean matches(UsageEvent event) {
    Attributes a = event.attributes();
    return event.is(EVENT) && "response.completed".equals(a.string("event.kind"))
        && (a.has("input_token_count") || a.has("output_token_count"));
  }

  static UsageRecord toRecord(UsageEvent event, Attribution attribution) {
    Attributes a = event.attributes();
    String model = a.string("model");
    if (model == null) {
      throw new Attributes.BadEvent(EVENT + " without a model attribute");
    }
    long input = a.count("input_token_count", 0);
    long cached = a.count("cached_token_count", 0);
    if (cached > input) {
      throw new Attributes.BadEvent("cached_token_count " + cached + " is more than input_token_count " + input);
    }
    TokenCounts tokens = new TokenCounts(input - cached, a.count("output_token_count", 0), 0, 0, cached);
    return new UsageRecord(event.hashId(), attribution, CLI, model, null, tokens, a.string("conversation.id"), null,
        event.time(), OtlpLogs.SOURCE);
  }
}
