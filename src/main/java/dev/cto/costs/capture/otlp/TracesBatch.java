package dev.cto.costs.capture.otlp;

import dev.cto.costs.domain.UsageRecord;
import java.util.List;

/**
 * What one {@code /v1/traces} request holds for us.
 *
 * @param records one per span carrying GenAI usage, in request order, ready for the collector
 * @param rejected GenAI spans that could not become records (OTLP's {@code rejected_spans})
 * @param problem why they were rejected, naming the spans; empty when none was
 */
public record TracesBatch(List<UsageRecord> records, long rejected, String problem) {

  public TracesBatch {
    records = List.copyOf(records);
  }
}
