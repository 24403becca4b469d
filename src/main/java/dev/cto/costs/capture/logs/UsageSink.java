package dev.cto.costs.capture.logs;

import dev.cto.costs.collect.IngestResult;
import dev.cto.costs.collect.UsageCollector;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.domain.UsageRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where imported records go: the collector (local database), a remote collector, or nowhere (dry run). */
@FunctionalInterface
public interface UsageSink {

  /** What the store made of a batch. */
  record Written(long accepted, long duplicates, Usd cost, long unpriced) {

    public static final Written NONE = new Written(0, 0, Usd.ZERO, 0);

    Written plus(Written o) {
      return new Written(accepted + o.accepted, duplicates + o.duplicates, cost.plus(o.cost), unpriced + o.unpriced);
    }
  }

  /** Blocks until the batch is durable. */
  Written write(List<UsageRecord> records);

  /** Completes once the batch is durable; sinks that can pipeline do not block here. */
  default CompletableFuture<Written> submit(List<UsageRecord> records) {
    try {
      return CompletableFuture.completedFuture(write(records));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  static UsageSink collector(UsageCollector collector) {
    return new UsageSink() {
      @Override
      public Written write(List<UsageRecord> records) {
        return written(collector.ingest(records));
      }

      @Override
      public CompletableFuture<Written> submit(List<UsageRecord> records) {
        return collector.submit(records).thenApply(UsageSink::written);
      }
    };
  }

  private static Written written(IngestResult r) {
    return new Written(r.accepted(), r.duplicates(), r.acceptedCost(), r.unpricedAccepted());
  }

  /** A sink made when the first batch comes (opening a store is the slow part of an import with nothing new). */
  static UsageSink lazy(java.util.function.Supplier<UsageSink> factory) {
    return new UsageSink() {
      private UsageSink sink;

      private synchronized UsageSink sink() {
        if (sink == null) {
          sink = factory.get();
        }
        return sink;
      }

      @Override
      public Written write(List<UsageRecord> records) {
        return sink().write(records);
      }

      @Override
      public CompletableFuture<Written> submit(List<UsageRecord> records) {
        return sink().submit(records);
      }
    };
  }

  /** Writes nothing: a dry run counts what it would import. */
  static UsageSink dryRun() {
    return records -> Written.NONE;
  }
}
