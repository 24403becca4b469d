package dev.cto.costs.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One model call as captured, before pricing. Every capture path (HTTP ingest, proxy, log import,
 * OTLP, the Java interceptor, the CLI) produces this and hands it to the one collector. Like
 * Zipkin's {@code Span}, it guards its own rules ({@link RecordField}): a record that exists is one
 * the store can hold, whichever path built it; a broken rule is an {@link InvalidRecordException}
 * naming the field.
 *
 * @param id idempotency key: the same id twice is stored once
 * @param provider as reported by the capture path, or null to take it from the pricing catalog
 * @param source which capture path produced it, e.g. {@code cli}, {@code http}, {@code claude-code}
 */
public record UsageRecord(
    String id,
    Attribution attribution,
    String cli,
    String model,
    String provider,
    TokenCounts tokens,
    String sessionId,
    String requestId,
    Instant timestamp,
    String source) {

  public UsageRecord {
    RecordField.ID.require(id);
    Objects.requireNonNull(attribution, "attribution");
    RecordField.CLI.check(cli);
    RecordField.MODEL.require(model);
    RecordField.PROVIDER.check(provider);
    Objects.requireNonNull(tokens, "tokens");
    capped(RecordField.INPUT_TOKENS, tokens.input());
    capped(RecordField.OUTPUT_TOKENS, tokens.output());
    capped(RecordField.CACHE_CREATION_INPUT_TOKENS, tokens.cacheCreation());
    capped(RecordField.CACHE_READ_INPUT_TOKENS, tokens.cacheRead());
    RecordField.SESSION_ID.check(sessionId);
    RecordField.REQUEST_ID.check(requestId);
    if (timestamp == null) {
      throw new InvalidRecordException("timestamp", "is required");
    }
    if (timestamp.isBefore(RecordField.EARLIEST) || timestamp.isAfter(RecordField.LATEST)) {
      throw new InvalidRecordException("timestamp", "must be between years 0001 and 9999, was " + timestamp);
    }
    RecordField.SOURCE.check(source);
  }

  private static void capped(RecordField field, long tokens) {
    String problem = field.tokenProblem(tokens);
    if (problem != null) {
      throw new InvalidRecordException(field.json(), problem);
    }
  }
}
