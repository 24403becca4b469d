package dev.cto.costs.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One model call as captured, before pricing. Every capture path (HTTP ingest, proxy, log import,
 * OTLP, the Java interceptor, the CLI) produces this and hands it to the one collector.
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
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(attribution, "attribution");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
