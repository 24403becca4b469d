package dev.cto.costs.metrics;

import dev.cto.costs.collect.CollectorMetrics;
import dev.cto.costs.collect.RecordSource;
import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The collector's metrics port on Micrometer: {@code token_usage_total}, {@code
 * cost_recording_duration_seconds}, {@code cost_collector_records_total}, {@code
 * cost_collector_rejected_records_total} and {@code cost_unpriced_records_total}, each tagged with
 * the capture path, and {@code cost_usd_total} by repository, agent, model and stage.
 */
public final class CollectorMeters implements CollectorMetrics {

  private final CostMetrics metrics;

  public CollectorMeters(CostMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * Summed per (agent, model) and (agent, stage) first: a 1,000-record request touches a few
   * meters a few times, not thousands of times, on the writer thread every caller waits on.
   */
  @Override
  public void committed(RecordSource source, List<PricedUsage> fresh, int duplicates, Duration sinceSubmitted) {
    String label = source.label();
    metrics.records(label, "accepted", fresh.size());
    metrics.records(label, "duplicate", duplicates);
    Map<List<String>, TokenCounts> tokens = new HashMap<>();
    Set<List<String>> recorded = new HashSet<>();
    Map<String, Long> unpriced = new HashMap<>();
    Map<List<String>, Long> costNanos = new HashMap<>(); // summed exactly, turned into a double once
    for (PricedUsage p : fresh) {
      UsageRecord r = p.record();
      if (p.cost().nanos() != 0) {
        Attribution a = r.attribution();
        // a repository is owner/name, so "unknown" names no real one
        String repository = a.repository() == null ? "unknown" : a.repository();
        costNanos.merge(List.of(repository, a.agent(), r.model(), a.stage()), p.cost().nanos(), Long::sum);
      }
      tokens.merge(List.of(r.attribution().agent(), r.model()), r.tokens(), TokenCounts::plus);
      recorded.add(List.of(r.attribution().agent(), r.attribution().stage()));
      if (!p.priced()) {
        unpriced.merge(r.model(), 1L, Long::sum);
      }
    }
    tokens.forEach((key, t) -> metrics.tokens(label, key.get(0), key.get(1), t));
    recorded.forEach(key -> metrics.recorded(key.get(0), key.get(1), sinceSubmitted));
    unpriced.forEach(metrics::unpriced);
    costNanos.forEach((key, nanos) -> metrics.spent(key.get(0), key.get(1), key.get(2), key.get(3),
        BigDecimal.valueOf(nanos, 9).doubleValue()));
  }

  @Override
  public void rejected(RecordSource source, String reason, long records) {
    metrics.rejected(source.label(), reason, records);
  }
}
