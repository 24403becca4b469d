package dev.cto.costs.capture.otlp;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;

/**
 * Claude Code's {@code claude_code.api_request} event, one per model call: {@code model}, {@code
 * input_tokens} (uncached), {@code output_tokens}, {@code cache_read_tokens}, {@code
 * cache_creation_tokens}, {@code cost_usd}, {@code duration_ms}, {@code session.id} and, in newer
 * versions, {@code request_id}.
 *
 * <p>Its {@code cost_usd} is Claude Code's own estimate and is not used: cost is computed at ingest
 * from our price catalog, like on every capture path. The event does not split cache writes by
 * lifetime, so they count as 5-minute writes, the default lifetime.
 */
final class ClaudeCodeApiRequest {

  static final String EVENT = "claude_code.api_request";
  static final String CLI = "claude-code";

  private ClaudeCodeApiRequest() {}

  /** Claude Code names the event in the body and, short, in {@code event.name}. */
  static boolean matches(UsageEvent event) {
    return event.is(EVENT) || "api_request".equals(event.attributes().string("event.name"));
  }

  static UsageRecord toRecord(UsageEvent event, Attribution attribution) {
    Attributes a = event.attributes();
    String model = a.string("model");
    if (model == null) {
      throw new Attributes.BadEvent(EVENT + " without a model attribute");
    }
    TokenCounts tokens = new TokenCounts(
        a.count("input_tokens", 0), a.count("output_tokens", 0), a.count("cache_creation_tokens", 0), 0,
        a.count("cache_read_tokens", 0));
    // the request id is the provider's id for the call, so a re-sent event is stored once
    String requestId = a.string("request_id");
    String id = requestId != null ? requestId : event.hashId();
    return new UsageRecord(id, attribution, CLI, model, null, tokens, a.string("session.id"), requestId, event.time(), OtlpLogs.SOURCE);
  }
}
