package dev.cto.costs.capture.logs;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import java.time.Instant;

/**
 * One API response read from a log, before attribution.
 *
 * @param id the record id, derived from the provider's ids so every capture path agrees on it
 * @param dedupeKey lines with the same key are copies of one response
 * @param requestId the provider's request id, when the log has one
 */
record LogCall(
    String id, String dedupeKey, String model, Instant timestamp, TokenCounts tokens, String requestId,
    SessionContext context) {

  UsageRecord toRecord(Attribution attribution) {
    return new UsageRecord(id, attribution, context.cli(), model, null, tokens, context.sessionId(), requestId,
        timestamp, context.cli());
  }
}
