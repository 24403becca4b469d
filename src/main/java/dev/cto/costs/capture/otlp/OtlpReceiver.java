package dev.cto.costs.capture.otlp;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.time.Clock;

/**
 * The OTLP/HTTP receiver without the HTTP: request bodies in, usage records and response bodies
 * out, each in the request's encoding. The web layer submits the records and answers only after
 * they committed.
 */
public final class OtlpReceiver {

  /** {@code google.rpc.Code} values used in error bodies. */
  public static final int INVALID_ARGUMENT = 3;
  public static final int RESOURCE_EXHAUSTED = 8;
  public static final int UNAVAILABLE = 14;

  private final Clock clock;

  public OtlpReceiver(Clock clock) {
    this.clock = clock;
  }

  /** @throws OtlpFormatException when the body is not an export request in that encoding */
  public LogsBatch logs(byte[] body, OtlpEncoding encoding) {
    return OtlpLogs.map(OtlpCodec.decode(body, encoding, ExportLogsServiceRequest.getDefaultInstance()), clock.instant());
  }

  /** @throws OtlpFormatException when the body is not a trace export request in that encoding */
  public TracesBatch traces(byte[] body, OtlpEncoding encoding) {
    return OtlpTraces.map(OtlpCodec.decode(body, encoding, ExportTraceServiceRequest.getDefaultInstance()));
  }

  /** A full success is an empty response; rejected GenAI spans make it a partial success. */
  public byte[] tracesResponse(TracesBatch batch, OtlpEncoding encoding) {
    ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
    if (batch.rejected() > 0) {
      response.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
          .setRejectedSpans(batch.rejected()).setErrorMessage(batch.problem()));
    }
    return OtlpCodec.encode(response.build(), encoding);
  }

  /**
   * Decodes a metrics export to tell a malformed body (400) from a good one, and maps nothing: see
   * the package documentation for why token metrics are not counted.
   *
   * @throws OtlpFormatException when the body is not an export request in that encoding
   */
  public void metrics(byte[] body, OtlpEncoding encoding) {
    OtlpCodec.decode(body, encoding, ExportMetricsServiceRequest.getDefaultInstance());
  }

  /** A full success is an empty response; rejected events make it a partial success. */
  public byte[] logsResponse(LogsBatch batch, OtlpEncoding encoding) {
    ExportLogsServiceResponse.Builder response = ExportLogsServiceResponse.newBuilder();
    if (batch.rejected() > 0) {
      response.setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
          .setRejectedLogRecords(batch.rejected()).setErrorMessage(batch.problem()));
    }
    return OtlpCodec.encode(response.build(), encoding);
  }

  public byte[] metricsResponse(OtlpEncoding encoding) {
    return OtlpCodec.encode(ExportMetricsServiceResponse.getDefaultInstance(), encoding);
  }

  /** The {@code google.rpc.Status} body of an error response. */
  public byte[] status(int code, String message, OtlpEncoding encoding) {
    return OtlpCodec.status(code, message, encoding);
  }
}
