package dev.cto.costs.client;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Sends usage records to a collector's {@code POST /v1/usage} as NDJSON, in batches, from one
 * background thread: a batch leaves when it holds {@code batchSize} records or its first record has
 * waited {@code linger}. Failed requests are retried as {@link BatchSender} describes.
 *
 * <p><b>Bounded memory, never blocking the caller for long.</b> Records wait in a queue of {@code
 * queueCapacity}. When it is full (the collector is down or slower than the agents), {@link #accept}
 * waits at most {@code enqueueTimeout} (default zero) and then drops the record, counts it in {@link
 * SinkStats#dropped()} and logs a throttled warning. Losing cost data is bad, but stalling every
 * model call of an agent because its cost telemetry is stuck is worse; the drop count makes the loss
 * visible, and a larger queue or a positive enqueue timeout trades memory or latency for it.
 *
 * <p>{@link #close()} stops taking records and sends what is queued, for at most {@code
 * closeTimeout}; call it on shutdown. The sender thread is a daemon so that a forgotten close does
 * not keep the JVM alive.
 */
public final class RemoteUsageSink implements UsageSink, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(RemoteUsageSink.class.getName());

  /**
   * Put in the queue by {@link #flush} and {@link #close} to end a lingering batch (or an idle wait)
   * at once. Recognised by identity and never sent. When the queue is full it cannot be put, and
   * need not be: the sender is then busy with full batches, not waiting.
   */
  private static final UsageRecord SEND_NOW = new UsageRecord("send-now", new Attribution(null, null, "-", "-", 1, null),
      null, "-", null, TokenCounts.ZERO, null, null, Instant.EPOCH, "sentinel");

  private final RemoteSinkOptions options;
  private final BlockingQueue<UsageRecord> queue;
  private final BatchSender sender;
  private final SinkCounters counters = new SinkCounters();
  private final ThrottledWarning dropWarning = new ThrottledWarning(LOG);
  private final Thread worker;
  private final Progress progress = new Progress();
  private volatile boolean closing;

  public RemoteUsageSink(RemoteSinkOptions options) {
    this(options, Clock.systemUTC());
  }

  RemoteUsageSink(RemoteSinkOptions options, Clock clock) {
    this.options = options;
    this.queue = new LinkedBlockingQueue<>(options.queueCapacity());
    this.sender = new BatchSender(client(options, clock), options, counters);
    this.worker = new Thread(this::sendUntilClosed, "cto-costs-usage-sender");
    worker.setDaemon(true);
    worker.start();
  }

  private static CollectorClient client(RemoteSinkOptions options, Clock clock) {
    Duration connect = options.requestTimeout().compareTo(Duration.ofSeconds(10)) < 0
        ? options.requestTimeout() : Duration.ofSeconds(10);
    return new CollectorClient(options.ingestEndpoint(), options.bearerToken(), connect, options.requestTimeout(), clock);
  }

  /** Queues the record for sending; returns at once, or after {@code enqueueTimeout} when the queue is full. */
  @Override
  public void accept(UsageRecord record) {
    if (closing) {
      drop("the sink is closed");
      return;
    }
    boolean queued;
    try {
      queued = options.enqueueTimeout().isZero()
          ? queue.offer(record)
          : queue.offer(record, options.enqueueTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      queued = false;
    }
    if (queued) {
      progress.enqueued();
    } else {
      drop("the queue of " + options.queueCapacity() + " records is full; is the collector at "
          + options.collectorForLogs() + " reachable?");
    }
  }

  /** {@link #flush(Duration)} with {@code closeTimeout}. */
  public boolean flush() {
    return flush(options.closeTimeout());
  }

  /**
   * Waits until every record accepted before this call is sent, rejected or given up (a partly
   * filled batch may first linger). Records accepted meanwhile are not waited for.
   *
   * @return false when {@code timeout} passed first
   */
  public boolean flush(Duration timeout) {
    long target = progress.enqueuedSoFar();
    queue.offer(SEND_NOW);
    return progress.awaitSettled(target, timeout);
  }

  public SinkStats stats() {
    return counters.snapshot(progress.pending());
  }

  /**
   * Stops taking records, sends what is queued, and waits for that for at most {@code closeTimeout}.
   * Then the sender is interrupted, and what it did not send is counted as dropped.
   */
  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    queue.offer(SEND_NOW);
    try {
      worker.join(Math.max(1, options.closeTimeout().toMillis()));
      if (worker.isAlive()) {
        worker.interrupt();
        worker.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<UsageRecord> stranded = new ArrayList<>();
    queue.drainTo(stranded);
    stranded.removeIf(r -> r == SEND_NOW);
    if (!stranded.isEmpty()) {
      counters.dropped.addAndGet(stranded.size());
      progress.settled(stranded.size());
      LOG.log(Level.WARNING, "closed with " + stranded.size() + " usage records unsent after " + options.closeTimeout());
    }
  }

  private void sendUntilClosed() {
    List<UsageRecord> batch = new ArrayList<>(options.batchSize());
    try {
      while (!(closing && queue.isEmpty())) {
        collect(batch);
        if (batch.isEmpty()) {
          continue;
        }
        try {
          sender.send(batch);
        } catch (RuntimeException e) {
          counters.dropped.addAndGet(batch.size());
          LOG.log(Level.WARNING, "dropped " + batch.size() + " usage records: " + e);
        }
        progress.settled(batch.size());
        batch.clear();
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
      }
    } catch (InterruptedException e) {
      // close() ran out of time while we waited for records: it counts what is left
      counters.dropped.addAndGet(batch.size());
      progress.settled(batch.size());
    }
  }

  /**
   * Fills {@code batch}: waits for a first record, then for more until the batch is full, its first
   * record has waited {@code linger}, or {@link #SEND_NOW} arrives.
   */
  private void collect(List<UsageRecord> batch) throws InterruptedException {
    UsageRecord first = queue.take();
    if (first == SEND_NOW) {
      return;
    }
    batch.add(first);
    long deadline = System.nanoTime() + options.linger().toNanos();
    while (batch.size() < options.batchSize()) {
      queue.drainTo(batch, options.batchSize() - batch.size());
      if (batch.removeIf(r -> r == SEND_NOW) || batch.size() >= options.batchSize()) {
        return;
      }
      long left = deadline - System.nanoTime();
      UsageRecord next = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
      if (next == null || next == SEND_NOW) {
        return;
      }
      batch.add(next);
    }
  }

  private void drop(String why) {
    long n = counters.dropped.incrementAndGet();
    dropWarning.warn(n, "usage record dropped: " + why);
  }
}
