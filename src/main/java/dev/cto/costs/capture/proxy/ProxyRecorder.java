package dev.cto.costs.capture.proxy;

import dev.cto.costs.collect.CollectorDisabledException;
import dev.cto.costs.collect.UsageCollector;
import dev.cto.costs.domain.UsageRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands captured records to the collector without waiting for the commit (the agent's call has
 * already been answered); whatever the collector refuses or fails to commit goes to the spool,
 * which a background task replays every few seconds.
 */
public final class ProxyRecorder implements AutoCloseable {

  private final RecordSubmitter collector;
  private final UsageSpool spool;
  private final AtomicLong spooled = new AtomicLong();
  private final ScheduledExecutorService replayer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "proxy-spool-replay");
    t.setDaemon(true);
    return t;
  });

  /** Where records go: the local collector, or a remote one for a sidecar proxy. */
  @FunctionalInterface
  public interface RecordSubmitter {
    /** Takes the records; the future completes once they are durably stored, or fails. */
    CompletableFuture<?> submit(List<UsageRecord> records);
  }

  public ProxyRecorder(UsageCollector collector, UsageSpool spool, long replayEveryMillis) {
    this(collector::submit, spool, replayEveryMillis);
  }

  public ProxyRecorder(RecordSubmitter collector, UsageSpool spool, long replayEveryMillis) {
    this.collector = collector;
    this.spool = spool;
    replayer.scheduleWithFixedDelay(() -> spool.replay(collector), 0, replayEveryMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Spools what failed to commit. Not on the thread that reports the failure, which is the
   * collector's writer: a replay holds the spool while it waits for that writer to commit what it
   * replays, so a writer waiting for the spool stalled every ingest until the replay timed out.
   */
  private final ExecutorService spooler = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "proxy-spool-append");
    t.setDaemon(true);
    return t;
  });

  /**
   * Hands the record over.
   *
   * @return completes once the record is stored (or tracking is switched off: it never will be),
   *     fails when it went to the spool instead
   */
  CompletableFuture<Void> record(UsageRecord record) {
    CompletableFuture<Void> stored = new CompletableFuture<>();
    try {
      collector.submit(List.of(record)).whenCompleteAsync((result, failure) -> {
        if (failure != null) {
          toSpool(record);
          stored.completeExceptionally(failure);
        } else {
          stored.complete(null);
        }
      }, spooler);
    } catch (CollectorDisabledException e) {
      // tracking is switched off in the config: nothing is recorded, on purpose
      stored.complete(null);
    } catch (RuntimeException e) {
      toSpool(record); // overloaded or shutting down
      stored.completeExceptionally(e);
    }
    return stored;
  }

  private void toSpool(UsageRecord record) {
    spooled.incrementAndGet();
    spool.append(record);
  }

  /** Records that went to the spool since start. */
  public long spooled() {
    return spooled.get();
  }

  public UsageSpool spool() {
    return spool;
  }

  /** Stops replaying; failed records already handed over are still spooled before this returns. */
  @Override
  public void close() {
    replayer.shutdownNow();
    spooler.shutdown();
    try {
      if (!spooler.awaitTermination(10, TimeUnit.SECONDS)) {
        spooler.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
