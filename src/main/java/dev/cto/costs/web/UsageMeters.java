package dev.cto.costs.web;

import dev.cto.costs.collect.IngestResult;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.metrics.CostMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The meters every ingest route updates once its records committed ({@code /v1/usage}, OTLP). */
final class UsageMeters {

  private UsageMeters() {}

  /**
   * Metrics per request, summed per (agent, model) and (agent, stage) first: a 1,000-record request
   * touches a few meters a few times, not thousands of times.
   */
  static void observe(CostMetrics metrics, List<UsageRecord> records, IngestResult result, Duration elapsed) {
    metrics.records("accepted", result.accepted());
    metrics.records("duplicate", result.duplicates());
    Map<List<String>, TokenCounts> tokens = new HashMap<>();
    Set<List<String>> recorded = new HashSet<>();
    Map<String, Long> unpriced = new HashMap<>();
    for (int i = 0; i < records.size(); i++) {
      IngestResult.RecordOutcome outcome = result.records().get(i);
      if (outcome.duplicate()) {
        continue;
      }
      UsageRecord r = records.get(i);
      tokens.merge(List.of(r.attribution().agent(), r.model()), r.tokens(), TokenCounts::plus);
      recorded.add(List.of(r.attribution().agent(), r.attribution().stage()));
      if (!outcome.priced()) {
        unpriced.merge(r.model(), 1L, Long::sum);
      }
    }
    tokens.forEach((key, t) -> metrics.tokens(key.get(0), key.get(1), t));
    recorded.forEach(key -> metrics.recorded(key.get(0), key.get(1), elapsed));
    unpriced.forEach(metrics::unpriced);
  }
}
