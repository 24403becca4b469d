package dev.cto.costs.client;

import dev.cto.costs.domain.UsageRecord;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delivers one batch: sends it, retries with exponential backoff on network errors, 408, 429 and
 * 5xx, halves it on 413, gives up on other 4xx, and counts the outcome of every record.
 *
 * <p>Retrying a whole batch is safe because every record carries its id and the collector stores an
 * id once: when a batch was committed but the answer was lost (a timeout, a proxy's 503), the
 * re-send is acknowledged as duplicates and nothing is counted twice.
 */
final class BatchSender {

  private static final System.Logger LOG = System.getLogger(RemoteUsageSink.class.getName());

  private final CollectorClient client;
  private final RemoteSinkOptions options;
  private final SinkCounters counters;

  BatchSender(CollectorClient client, RemoteSinkOptions options, SinkCounters counters) {
    this.client = client;
    this.options = options;
    this.counters = counters;
  }

  /**
   * Sends {@code batch} and counts each of its records exactly once (sent, rejected or dropped).
   * Interrupted (the sink is closing and ran out of time), it counts the batch dropped and returns
   * with the thread's interrupt flag set.
   */
  void send(List<UsageRecord> batch) {
    try {
      attempt(batch);
    } catch (InterruptedException e) {
      counters.dropped.addAndGet(batch.size());
      Thread.currentThread().interrupt();
    }
  }

  private void attempt(List<UsageRecord> batch) throws InterruptedException {
    byte[] body = UsageJson.ndjson(batch);
    Duration backoff = options.initialBackoff();
    for (int attempt = 1; ; attempt++) {
      CollectorException.TryLater failure;
      try {
        client.post(body, UsageJson.CONTENT_TYPE, "client"); // the collector counts these records as the client's
        counters.sent.addAndGet(batch.size());
        return;
      } catch (CollectorException.TooLarge e) {
        if (batch.size() == 1) {
          refused(batch, e);
          return;
        }
        // over the collector's body or record limit: smaller requests will fit
        // (each half counts its own records, so an interrupt between them counts nothing twice)
        send(batch.subList(0, batch.size() / 2));
        send(batch.subList(batch.size() / 2, batch.size()));
        return;
      } catch (CollectorException.TryLater e) {
        failure = e;
      } catch (CollectorException e) { // refused, unauthorized or not a collector: the same batch fails again
        refused(batch, e);
        return;
      }
      if (attempt >= options.maxAttempts()) {
        counters.dropped.addAndGet(batch.size());
        LOG.log(Level.WARNING, "dropped " + batch.size() + " usage records after " + attempt
            + " attempts to reach " + options.collectorForLogs() + "; last: " + describe(failure));
        return;
      }
      Duration wait = wait(backoff, failure);
      LOG.log(Level.DEBUG, "retrying " + batch.size() + " usage records in " + wait.toMillis() + " ms: " + describe(failure));
      Thread.sleep(wait.toMillis());
      counters.retried.addAndGet(batch.size());
      backoff = min(backoff.multipliedBy(2), options.maxBackoff());
    }
  }

  private void refused(List<UsageRecord> batch, CollectorException e) {
    counters.rejected.addAndGet(batch.size());
    LOG.log(Level.WARNING, "the collector refused " + batch.size() + " usage records, not retrying: " + describe(e));
  }

  private static String describe(CollectorException e) {
    return e.status() == 0 ? e.getMessage() : "HTTP " + e.status() + ": " + e.getMessage();
  }

  /**
   * The server's Retry-After when it gave one (it knows when it will take records again), else the
   * backoff with "equal jitter" (half fixed, half random) so that many agents a restarted collector
   * turned away do not all come back at the same instant. Capped at maxBackoff so that a wild header
   * cannot park the sender.
   */
  private Duration wait(Duration backoff, CollectorException.TryLater failure) {
    Duration wait;
    if (failure.retryAfter().isPresent()) {
      wait = failure.retryAfter().get();
    } else {
      long half = backoff.toMillis() / 2;
      wait = Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
    return min(wait, options.maxBackoff());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
