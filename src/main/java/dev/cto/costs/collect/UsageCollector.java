package dev.cto.costs.collect;

import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.store.StoreUnavailableException;
import dev.cto.costs.store.UsageStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way records get into the store. Callers get their answer only after the transaction
 * holding their records committed (durable before ack). A single writer thread takes everything
 * queued, up to a batch limit, into one transaction: under load many requests share one commit
 * (group commit), which is where the throughput comes from, without giving up durability.
 *
 * <p>A request is all-or-nothing: its records are validated before queueing and committed in one
 * transaction, so a failure stores none of them. One request's failure does not fail the others
 * that shared its group commit: they are committed again, each on its own.
 */
public final class UsageCollector implements AutoCloseable {

  /** @param submitted {@link System#nanoTime()} at submission, for the recording-duration meter */
  private record Pending(
      List<PricedUsage> records, CompletableFuture<IngestResult> result, RecordSource source, long submitted) {}

  private static final Logger LOG = LoggerFactory.getLogger(UsageCollector.class);

  private static final Pending STOP = new Pending(List.of(), new CompletableFuture<>(), RecordSource.HTTP, 0);

  private final UsageStore store;
  private final Supplier<CostSettings> settings;
  private final ThresholdMonitor monitor;
  private final CollectorOptions options;
  private final CollectorMetrics metrics;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final AtomicLong queuedRecords = new AtomicLong();
  private final CollectorStats stats = new CollectorStats();
  private final Thread writer;
  private volatile boolean closed;

  public UsageCollector(
      UsageStore store, Supplier<CostSettings> settings, ThresholdMonitor monitor, CollectorOptions options) {
    this(store, settings, monitor, options, CollectorMetrics.NONE);
  }

  public UsageCollector(UsageStore store, Supplier<CostSettings> settings, ThresholdMonitor monitor,
      CollectorOptions options, CollectorMetrics metrics) {
    this.store = store;
    this.settings = settings;
    this.monitor = monitor;
    this.options = options;
    this.metrics = metrics;
    this.writer = new Thread(this::writeLoop, "usage-writer");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  /** Validated records in, committed outcome out; blocks until the commit. */
  public IngestResult ingest(List<UsageRecord> records) {
    try {
      return submit(records).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the commit", e);
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    }
  }

  /** Queues the records; the future completes after their transaction committed (or failed). */
  public CompletableFuture<IngestResult> submit(List<UsageRecord> records) {
    if (closed) {
      throw new IllegalStateException("the collector is shut down");
    }
    CostSettings current = settings.get();
    if (!current.enabled()) {
      throw new CollectorDisabledException();
    }
    List<PricedUsage> priced = new ArrayList<>(records.size());
    for (UsageRecord r : records) {
      priced.add(Pricer.price(r, current));
    }
    CompletableFuture<IngestResult> result = new CompletableFuture<>();
    if (priced.isEmpty()) {
      result.complete(new IngestResult(0, 0, List.of()));
      return result;
    }
    RecordSource source = RecordSource.of(records.get(0).source());
    long depth = queuedRecords.addAndGet(priced.size());
    if (depth > options.maxQueuedRecords() && depth != priced.size()) {
      queuedRecords.addAndGet(-priced.size());
      stats.rejectedOverload.incrementAndGet();
      report(() -> metrics.rejected(source, CollectorMetrics.OVERLOAD, priced.size()));
      throw new CollectorOverloadedException(
          "the collector is busy (" + (depth - priced.size()) + " records waiting to be written): retry shortly");
    }
    queue.add(new Pending(priced, result, source, System.nanoTime()));
    return result;
  }

  /** Where the transports report what they refused before the collector saw it (validation). */
  public CollectorMetrics metrics() {
    return metrics;
  }

  public CollectorStats stats() {
    stats.queueDepth.set(queuedRecords.get());
    return stats;
  }

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>();
    while (true) {
      Pending first;
      try {
        first = queue.take();
      } catch (InterruptedException e) {
        continue; // only close() stops the writer, after draining
      }
      if (first == STOP) {
        return;
      }
      batch.clear();
      batch.add(first);
      int size = first.records().size();
      Pending next;
      while (size < options.maxBatchRecords() && (next = queue.peek()) != null && next != STOP
          && size + next.records().size() <= options.maxBatchRecords()) {
        batch.add(queue.poll());
        size += next.records().size();
      }
      commit(batch, size);
    }
  }

  private void commit(List<Pending> batch, int size) {
    try {
      List<PricedUsage> all = new ArrayList<>(size);
      batch.forEach(p -> all.addAll(p.records()));
      long started = System.nanoTime();
      Set<String> fresh;
      try {
        fresh = store.insert(all);
      } catch (RuntimeException e) {
        stats.failedBatches.incrementAndGet();
        if (batch.size() == 1 || e instanceof StoreUnavailableException) {
          batch.forEach(p -> fail(p, e));
        } else {
          commitOneByOne(batch, e);
        }
        return;
      }
      stats.recordBatch(batch.size(), size, System.nanoTime() - started);
      acknowledge(batch, fresh);
    } finally {
      queuedRecords.addAndGet(-size);
    }
  }

  /**
   * A group commit failed: one request's records may be what the database refused, and that must
   * not fail the others, which only shared its transaction. Each request is committed on its own,
   * so only the culprit fails. When the store turns out to be unable to write at all, the rest
   * fail at once: retrying them one by one against a database that is down would only add load
   * and make every caller wait for each attempt's timeout.
   */
  private void commitOneByOne(List<Pending> batch, RuntimeException groupFailure) {
    LOG.warn("a group commit of {} requests failed ({}); committing each request on its own", batch.size(),
        groupFailure.getMessage());
    RuntimeException outage = null;
    for (Pending p : batch) {
      if (outage != null) {
        fail(p, outage);
        continue;
      }
      long started = System.nanoTime();
      Set<String> fresh;
      try {
        fresh = store.insert(p.records());
      } catch (RuntimeException e) {
        stats.failedBatches.incrementAndGet();
        fail(p, e);
        if (e instanceof StoreUnavailableException) {
          outage = e;
        } else {
          LOG.warn("a request of {} records could not be committed: {}", p.records().size(), e.getMessage());
        }
        continue;
      }
      stats.recordBatch(1, p.records().size(), System.nanoTime() - started);
      acknowledge(List.of(p), fresh);
    }
  }

  /** Tells each request of a committed transaction what became of its records. */
  private void acknowledge(List<Pending> batch, Set<String> fresh) {
    Set<String> claimed = new HashSet<>();
    Set<ThresholdMonitor.PrRef> touched = new LinkedHashSet<>();
    List<IngestResult> results = new ArrayList<>(batch.size());
    List<List<PricedUsage>> stored = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      List<IngestResult.RecordOutcome> outcomes = new ArrayList<>(p.records().size());
      List<PricedUsage> storedNow = new ArrayList<>(p.records().size());
      int accepted = 0;
      for (PricedUsage r : p.records()) {
        // the store keeps the first record of an id in the transaction: so does this
        boolean isNew = fresh.contains(r.id()) && claimed.add(r.id());
        accepted += isNew ? 1 : 0;
        if (isNew) {
          storedNow.add(r);
        }
        outcomes.add(new IngestResult.RecordOutcome(r.id(), r.record().model(), r.cost(), r.priced(), !isNew));
        if (isNew && r.attribution().prNumber() != null) {
          touched.add(new ThresholdMonitor.PrRef(r.attribution().repository(), r.attribution().prNumber()));
        }
      }
      stats.accepted.addAndGet(accepted);
      stats.duplicates.addAndGet(p.records().size() - accepted);
      results.add(new IngestResult(accepted, p.records().size() - accepted, outcomes));
      stored.add(storedNow);
    }
    // queue the threshold checks before acknowledging, so that a caller who waits for its ack
    // and then for the monitor (the CLI) sees the alerts of its own records
    if (monitor != null && !touched.isEmpty()) {
      monitor.check(touched);
    }
    // counted before acknowledging too, so a caller who reads /metrics after its ack sees its records
    long committed = System.nanoTime();
    for (int i = 0; i < batch.size(); i++) {
      Pending p = batch.get(i);
      List<PricedUsage> now = stored.get(i);
      int duplicates = results.get(i).duplicates();
      report(() -> metrics.committed(p.source(), now, duplicates, Duration.ofNanos(committed - p.submitted())));
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result().complete(results.get(i));
    }
  }

  /** A request that will not be stored: counted by reason, then its caller told. */
  private void fail(Pending p, RuntimeException e) {
    report(() -> metrics.rejected(p.source(), CollectorMetrics.STORE_FAILURE, p.records().size()));
    p.result().completeExceptionally(e);
  }

  /** A metrics fault is logged, never allowed to stop the writer thread that every caller waits on. */
  private static void report(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("collector metrics failed: {}", e.toString());
    }
  }

  /** Stops taking requests, commits everything already accepted, then stops the writer. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.add(STOP);
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (monitor != null) {
      monitor.flush();
    }
  }

  private static RuntimeException unwrap(Throwable cause) {
    if (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
  }
}
