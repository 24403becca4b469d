package dev.cto.costs.capture.logs;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import java.time.Instant;

/**
 * One API response read from a log, before attribution.
 *
 * @param id the record id, derived from the provider's ids so every capture path agrees on it
 * @param requestId the provider's request id, when the log has one
 */
record LogCall(
    String id, String model, Instant timestamp, TokenCounts tokens, String requestId,
    SessionContext context) {

  /** Lines with the same key are copies of one response (ccusage's rule: message id + request id). */
  record Key(String id, String requestId) {}

  Key dedupeKey() {
    return new Key(id, requestId);
  }

  UsageRecord toRecord(Attribution attribution) {
    return new UsageRecord(id, attribution, context.cli(), model, null, tokens, context.sessionId(), requestId,
        timestamp, context.cli());
  }
}
