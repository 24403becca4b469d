package dev.cto.costs.capture.otlp;

import dev.cto.costs.domain.UsageRecord;
import java.util.List;

/**
 * What one {@code /v1/logs} request holds for us.
 *
 * @param records the usage calls, in request order, ready for the collector
 * @param rejected usage events that could not become records (reported as OTLP's {@code
 *     rejected_log_records})
 * @param problem why they were rejected, empty when none was
 */
public record LogsBatch(List<UsageRecord> records, long rejected, String problem) {

  public LogsBatch {
    records = List.copyOf(records);
  }
}
