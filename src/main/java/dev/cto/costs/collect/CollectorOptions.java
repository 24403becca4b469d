package dev.cto.costs.collect;

/**
 * Limits of the group-commit writer.
 *
 * @param maxBatchRecords the most records one transaction takes from the queue (a single larger
 *     request still commits whole, alone)
 * @param maxQueuedRecords records waiting for the writer beyond which new requests are refused
 *     ({@link CollectorOverloadedException}) instead of growing memory
 */
public record CollectorOptions(int maxBatchRecords, long maxQueuedRecords) {

  public static final CollectorOptions DEFAULTS = new CollectorOptions(20_000, 2_000_000);

  public CollectorOptions {
    if (maxBatchRecords < 1 || maxQueuedRecords < 1) {
      throw new IllegalArgumentException("collector limits must be >= 1");
    }
  }
}
