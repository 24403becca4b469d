package dev.cto.costs.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link RemoteUsageSink} reaches its collector and how much it buffers. Start from {@link
 * #forCollector(String)} (the defaults below) and change what differs with the withers.
 *
 * @param collector the collector's base URL, e.g. {@code http://costs:8080}; records go to {@code
 *     <collector>/v1/usage}
 * @param bearerToken sent as {@code Authorization: Bearer …}, or null when the collector has no auth;
 *     never printed by {@link #toString()}
 * @param batchSize records per request at most (default 500)
 * @param linger how long a partly filled batch waits for more records before it is sent (200 ms)
 * @param queueCapacity records waiting to be sent at most (10,000): the sink's memory bound
 * @param enqueueTimeout how long {@code accept} may wait for room in a full queue before it drops the
 *     record (default zero: never block the model call)
 * @param requestTimeout one HTTP request at most (30 s); connecting takes at most 10 s of it
 * @param initialBackoff the wait before the first retry, doubled on each further one (200 ms)
 * @param maxBackoff the longest wait between attempts, a server's Retry-After included (30 s)
 * @param maxAttempts attempts per batch before it is dropped (10: about 80 s of retrying)
 * @param closeTimeout how long {@code close()} and {@code flush()} wait for the queue to drain (10 s)
 */
public record RemoteSinkOptions(
    URI collector, String bearerToken, int batchSize, Duration linger, int queueCapacity, Duration enqueueTimeout,
    Duration requestTimeout, Duration initialBackoff, Duration maxBackoff, int maxAttempts, Duration closeTimeout) {

  public RemoteSinkOptions {
    Objects.requireNonNull(collector, "collector");
    if (!"http".equals(collector.getScheme()) && !"https".equals(collector.getScheme())) {
      throw new IllegalArgumentException("collector must be an http:// or https:// URL, was " + collector);
    }
    bearerToken = bearerToken == null || bearerToken.isBlank() ? null : bearerToken.trim();
    positive("batchSize", batchSize);
    positive("queueCapacity", queueCapacity);
    positive("maxAttempts", maxAttempts);
    notNegative("linger", linger);
    notNegative("enqueueTimeout", enqueueTimeout);
    notNegative("requestTimeout", requestTimeout);
    if (requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be > 0: a request without one can stall the sender forever");
    }
    notNegative("initialBackoff", initialBackoff);
    notNegative("maxBackoff", maxBackoff);
    notNegative("closeTimeout", closeTimeout);
  }

  public static RemoteSinkOptions forCollector(String baseUrl) {
    return new RemoteSinkOptions(URI.create(baseUrl), null, 500, Duration.ofMillis(200), 10_000, Duration.ZERO,
        Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofSeconds(30), 10, Duration.ofSeconds(10));
  }

  /** {@code <collector>/v1/usage}, whether or not the base URL ends with a slash. */
  public URI ingestEndpoint() {
    return CollectorClient.endpoint(collector.toString());
  }

  /** The collector for log lines: without user-info (a password in the URL) and query. */
  public String collectorForLogs() {
    return collector.getScheme() + "://" + collector.getHost() + (collector.getPort() < 0 ? "" : ":" + collector.getPort())
        + (collector.getRawPath() == null ? "" : collector.getRawPath());
  }

  public RemoteSinkOptions withBearerToken(String token) {
    return new RemoteSinkOptions(collector, token, batchSize, linger, queueCapacity, enqueueTimeout, requestTimeout,
        initialBackoff, maxBackoff, maxAttempts, closeTimeout);
  }

  public RemoteSinkOptions withBatching(int batchSize, Duration linger) {
    return new RemoteSinkOptions(collector, bearerToken, batchSize, linger, queueCapacity, enqueueTimeout,
        requestTimeout, initialBackoff, maxBackoff, maxAttempts, closeTimeout);
  }

  public RemoteSinkOptions withQueue(int queueCapacity, Duration enqueueTimeout) {
    return new RemoteSinkOptions(collector, bearerToken, batchSize, linger, queueCapacity, enqueueTimeout,
        requestTimeout, initialBackoff, maxBackoff, maxAttempts, closeTimeout);
  }

  public RemoteSinkOptions withRetries(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    return new RemoteSinkOptions(collector, bearerToken, batchSize, linger, queueCapacity, enqueueTimeout,
        requestTimeout, initialBackoff, maxBackoff, maxAttempts, closeTimeout);
  }

  public RemoteSinkOptions withTimeouts(Duration requestTimeout, Duration closeTimeout) {
    return new RemoteSinkOptions(collector, bearerToken, batchSize, linger, queueCapacity, enqueueTimeout,
        requestTimeout, initialBackoff, maxBackoff, maxAttempts, closeTimeout);
  }

  /** Everything but the token and any password in the URL, which must not reach a log. */
  @Override
  public String toString() {
    return "RemoteSinkOptions[collector=" + collectorForLogs() + ", bearerToken=" + (bearerToken == null ? "none" : "***")
        + ", batchSize=" + batchSize + ", linger=" + linger + ", queueCapacity=" + queueCapacity
        + ", enqueueTimeout=" + enqueueTimeout + ", requestTimeout=" + requestTimeout + ", initialBackoff="
        + initialBackoff + ", maxBackoff=" + maxBackoff + ", maxAttempts=" + maxAttempts + ", closeTimeout="
        + closeTimeout + "]";
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, was " + value);
    }
  }

  private static void notNegative(String name, Duration value) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be a duration >= 0, was " + value);
    }
  }
}
