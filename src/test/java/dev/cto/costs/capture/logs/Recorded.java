package dev.cto.costs.capture.logs;

import dev.cto.costs.collect.IngestResult;
import dev.cto.costs.collect.UsageCollector;
import dev.cto.costs.domain.UsageRecord;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A sink that keeps what was written (and, with a collector, each record's price) for the tests to sum. */
final class Recorded implements UsageSink {

  /** Per UTC day and model, the figures the generator's manifest has. */
  record DayModel(long input, long output, long cacheCreation, long cacheRead, BigDecimal cost, long messages) {}

  final List<UsageRecord> records = new ArrayList<>();
  final List<IngestResult.RecordOutcome> outcomes = new ArrayList<>();
  private final UsageCollector collector;

  Recorded(UsageCollector collector) {
    this.collector = collector;
  }

  @Override
  public Written write(List<UsageRecord> batch) {
    records.addAll(batch);
    if (collector == null) {
      return new Written(batch.size(), 0, dev.cto.costs.domain.Usd.ZERO, 0);
    }
    IngestResult r = collector.ingest(batch);
    outcomes.addAll(r.records());
    return new Written(r.accepted(), r.duplicates(), r.acceptedCost(), r.unpricedAccepted());
  }

  /** day → model → totals of the records written (with the collector's costs where there is one). */
  Map<String, Map<String, DayModel>> byDayModel() {
    Map<String, Map<String, DayModel>> out = new TreeMap<>();
    Map<String, BigDecimal> costs = new java.util.HashMap<>();
    outcomes.forEach(o -> costs.put(o.id(), o.cost().toBigDecimal()));
    for (UsageRecord r : records) {
      BigDecimal cost = costs.getOrDefault(r.id(), BigDecimal.ZERO);
      String day = r.timestamp().atOffset(ZoneOffset.UTC).toLocalDate().toString();
      DayModel add = new DayModel(r.tokens().input(), r.tokens().output(), r.tokens().cacheCreation(),
          r.tokens().cacheRead(), cost, 1);
      out.computeIfAbsent(day, d -> new TreeMap<>()).merge(r.model(), add, (a, b) -> new DayModel(
          a.input + b.input, a.output + b.output, a.cacheCreation + b.cacheCreation, a.cacheRead + b.cacheRead,
          a.cost.add(b.cost), a.messages + b.messages));
    }
    return out;
  }
}
