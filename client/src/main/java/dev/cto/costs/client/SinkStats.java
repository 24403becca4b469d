package dev.cto.costs.client;

/**
 * What a {@link RemoteUsageSink} did with the records it was given. Every record ends up in exactly
 * one of {@code sent}, {@code rejected} or {@code dropped} (or is still {@code pending}); {@code
 * retried} counts re-sends, so one record retried twice adds 2 there and 1 to {@code sent}.
 *
 * @param sent records the collector acknowledged (stored, or already stored under the same id)
 * @param retried records re-sent after a network error, 429 or 5xx
 * @param rejected records the collector refused (4xx, e.g. 400 invalid or 401 bad token); not
 *     retried: the same bytes would be refused again (a record breaking the collector's rules
 *     cannot be built: {@link dev.cto.costs.domain.UsageRecord} checks them itself)
 * @param dropped records lost: queue full, retries exhausted, still queued when close timed out, or
 *     given after close
 * @param pending records accepted whose fate is not decided yet: queued, or in a batch being sent
 */
public record SinkStats(long sent, long retried, long rejected, long dropped, long pending) {}
