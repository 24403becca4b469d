/**
 * The OTLP/HTTP receiver's logic: decoding {@code ExportLogsServiceRequest} and {@code
 * ExportMetricsServiceRequest} (protobuf, or the OTLP JSON mapping) with the official generated
 * classes, and mapping the usage events of agent CLIs to {@code UsageRecord}s: Claude Code's
 * {@code claude_code.api_request} and Codex's {@code codex.sse_event} of kind {@code
 * response.completed}. Attribution comes from the resource attributes {@code cto.*} that agents set
 * with {@code OTEL_RESOURCE_ATTRIBUTES}. Every other event is ignored, never an error.
 *
 * <p>Traces ({@code ExportTraceServiceRequest}): each span carrying the OpenTelemetry GenAI usage
 * attributes is one record ({@code GenAiSpan} holds the semantic-convention mapping), attributed
 * from {@code cto.*} on the span, else on its resource. The provider's response id is the record
 * id, so a call the proxy also saw is stored once. Spans without usage are ignored.
 *
 * <p>Metrics are decoded (so a malformed body is a 400) and acknowledged, but not mapped: the
 * CLIs' token metrics are aggregates without a per-call id, and counting them next to the per-call
 * events would count every call twice.
 *
 * <p>Depends on {@code domain} (records) and the protobuf classes; the HTTP plumbing lives in
 * {@code web}, which awaits the collector's commit before it answers.
 */
package dev.cto.costs.capture.otlp;
