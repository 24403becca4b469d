package dev.cto.costs.capture.otlp;

import dev.cto.costs.domain.UsageRecord;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * The usage records of one trace export: one per span carrying GenAI usage. A GenAI span that
 * cannot become a record is rejected alone and named in the partial success, the others stored, as
 * {@code /v1/logs} does. Attribution ({@code cto.*}) is read from the span over its resource, so
 * one process serving several PRs can attribute per call (e.g. with OpenTelemetry's baggage span
 * processor copying {@code cto.*} baggage entries onto spans, the entries the Java client's {@code
 * ExecutionScope} sets).
 */
final class OtlpTraces {

  private static final int PROBLEMS_SHOWN = 5;

  private OtlpTraces() {}

  static TracesBatch map(ExportTraceServiceRequest request) {
    List<UsageRecord> records = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    long rejected = 0;
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      Attributes resource = Attributes.of(resourceSpans.getResource().getAttributesList());
      for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
        for (Span span : scope.getSpansList()) {
          Attributes attributes = Attributes.of(span.getAttributesList());
          if (!GenAiSpan.carriesUsage(attributes)) {
            continue; // agent steps, tool calls, HTTP: not a priced call
          }
          try {
            records.add(GenAiSpan.toRecord(span, attributes, ResourceAttribution.of(resource.overlaidBy(attributes)),
                scope.getScope().getName()));
          } catch (Attributes.BadEvent | IllegalArgumentException e) {
            rejected++;
            if (problems.size() < PROBLEMS_SHOWN) {
              problems.add(GenAiSpan.name(span) + ": " + e.getMessage());
            }
          }
        }
      }
    }
    return new TracesBatch(records, rejected,
        rejected == 0 ? "" : "rejected " + rejected + " GenAI span(s): " + String.join("; ", problems));
  }
}
