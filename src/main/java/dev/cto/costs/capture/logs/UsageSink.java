package dev.cto.costs.capture.logs;

import dev.cto.costs.collect.IngestResult;
import dev.cto.costs.collect.UsageCollector;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.domain.UsageRecord;
import java.util.List;

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

  static UsageSink collector(UsageCollector collector) {
    return records -> {
      IngestResult r = collector.ingest(records);
      return new Written(r.accepted(), r.duplicates(), r.acceptedCost(), r.unpricedAccepted());
    };
  }

  /** Writes nothing: a dry run counts what it would import. */
  static UsageSink dryRun() {
    return records -> Written.NONE;
  }
}
