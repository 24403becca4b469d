package dev.cto.costs.collect;

import java.util.concurrent.atomic.AtomicLong;

/** Plain counters of the writer, read by the service's metrics and by tests. */
public final class CollectorStats {

  final AtomicLong accepted = new AtomicLong();
  final AtomicLong duplicates = new AtomicLong();
  final AtomicLong batches = new AtomicLong();
  final AtomicLong requests = new AtomicLong();
  final AtomicLong failedBatches = new AtomicLong();
  final AtomicLong rejectedOverload = new AtomicLong();
  final AtomicLong lastBatchRecords = new AtomicLong();
  final AtomicLong lastCommitNanos = new AtomicLong();
  final AtomicLong queueDepth = new AtomicLong();

  void recordBatch(int requestsInBatch, int records, long commitNanos) {
    batches.incrementAndGet();
    requests.addAndGet(requestsInBatch);
    lastBatchRecords.set(records);
    lastCommitNanos.set(commitNanos);
  }

  public long accepted() { return accepted.get(); }
  public long duplicates() { return duplicates.get(); }
  public long batches() { return batches.get(); }
  public long requests() { return requests.get(); }
  public long failedBatches() { return failedBatches.get(); }
  public long rejectedOverload() { return rejectedOverload.get(); }
  public long lastBatchRecords() { return lastBatchRecords.get(); }
  public long lastCommitNanos() { return lastCommitNanos.get(); }
  public long queueDepth() { return queueDepth.get(); }
}
