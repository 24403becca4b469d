package dev.cto.costs.capture.otlp;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.UsageRecord;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The usage records of one export request. A usage event that cannot become a record (no model, a
 * negative count, a bad {@code cto.pr}) is rejected alone and reported in the partial success; the
 * request's other records are still stored, as OTLP's partial success intends.
 */
final class OtlpLogs {

  static final String SOURCE = "otlp";
  private static final int PROBLEMS_SHOWN = 5;

  private OtlpLogs() {}

  static LogsBatch map(ExportLogsServiceRequest request, Instant now) {
    List<UsageRecord> records = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    long rejected = 0;
    for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
      Attributes resource = Attributes.of(resourceLogs.getResource().getAttributesList());
      Attribution attribution = null;
      String attributionProblem = null;
      try {
        attribution = ResourceAttribution.of(resource);
      } catch (Attributes.BadEvent | IllegalArgumentException e) {
        attributionProblem = "resource attribute " + e.getMessage();
      }
      for (ScopeLogs scope : resourceLogs.getScopeLogsList()) {
        for (LogRecord log : scope.getLogRecordsList()) {
          UsageEvent event = UsageEvent.of(log, now);
          boolean claude = ClaudeCodeApiRequest.matches(event);
          if (!claude && !CodexSseEvent.matches(event)) {
            continue; // prompts, tool results, errors: not usage
          }
          try {
            if (attributionProblem != null) {
              throw new Attributes.BadEvent(attributionProblem);
            }
            records.add(claude ? ClaudeCodeApiRequest.toRecord(event, attribution) : CodexSseEvent.toRecord(event, attribution));
          } catch (Attributes.BadEvent | IllegalArgumentException e) {
            rejected++;
            if (problems.size() < PROBLEMS_SHOWN && !problems.contains(e.getMessage())) {
              problems.add(e.getMessage());
            }
          }
        }
      }
    }
    return new LogsBatch(records, rejected, rejected == 0 ? "" : "rejected " + rejected + " usage event(s): " + String.join("; ", problems));
  }
}
