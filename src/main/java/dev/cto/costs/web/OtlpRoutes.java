package dev.cto.costs.web;

import dev.cto.costs.capture.otlp.LogsBatch;
import dev.cto.costs.capture.otlp.OtlpEncoding;
import dev.cto.costs.capture.otlp.OtlpFormatException;
import dev.cto.costs.capture.otlp.OtlpReceiver;
import dev.cto.costs.capture.otlp.TracesBatch;
import dev.cto.costs.domain.UsageRecord;
import java.util.List;
import java.util.function.Supplier;
import dev.cto.costs.collect.CollectorDisabledException;
import dev.cto.costs.collect.CollectorMetrics;
import dev.cto.costs.collect.CollectorOverloadedException;
import dev.cto.costs.collect.IngestResult;
import dev.cto.costs.collect.RecordSource;
import dev.cto.costs.collect.UsageCollector;
import dev.cto.costs.store.StoreException;
import dev.cto.costs.store.StoreUnavailableException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/HTTP on {@code POST /v1/logs}, {@code POST /v1/traces} and {@code POST /v1/metrics}, as the OTLP specification
 * words it: protobuf or JSON bodies, gzip allowed, 200 with an export response in the request's
 * encoding only after the usage records committed, 400 with a {@code google.rpc.Status} for a
 * malformed body, 429/503 with Retry-After when the exporter should retry.
 */
final class OtlpRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(OtlpRoutes.class);

  private final OtlpReceiver receiver;
  private final UsageCollector collector;
  private final ServerOptions options;

  private OtlpRoutes(OtlpReceiver receiver, UsageCollector collector, ServerOptions options) {
    this.receiver = receiver;
    this.collector = collector;
    this.options = options;
  }

  static void mount(JavalinConfig config, OtlpReceiver receiver, UsageCollector collector, ServerOptions options,
      UploadSlots uploads) {
    OtlpRoutes routes = new OtlpRoutes(receiver, collector, options);
    config.routes.post("/v1/logs", uploads.guard(routes::logs));
    config.routes.post("/v1/traces", uploads.guard(routes::traces));
    config.routes.post("/v1/metrics", uploads.guard(routes::metrics));
  }

  private void logs(Context ctx) throws Exception {
    OtlpEncoding encoding = encoding(ctx);
    byte[] body = encoding == null ? null : body(ctx, encoding);
    if (body == null) {
      return;
    }
    LogsBatch batch;
    try {
      batch = receiver.logs(body, encoding);
    } catch (OtlpFormatException e) {
      error(ctx, 400, OtlpReceiver.INVALID_ARGUMENT, e.getMessage(), encoding);
      return;
    }
    if (batch.rejected() > 0) {
      collector.metrics().rejected(RecordSource.OTLP, CollectorMetrics.invalid(null), batch.rejected());
      LOG.warn("OTLP logs: {}", batch.problem());
    }
    store(ctx, encoding, batch.records(), () -> receiver.logsResponse(batch, encoding));
  }

  private void traces(Context ctx) throws Exception {
    OtlpEncoding encoding = encoding(ctx);
    byte[] body = encoding == null ? null : body(ctx, encoding);
    if (body == null) {
      return;
    }
    TracesBatch batch;
    try {
      batch = receiver.traces(body, encoding);
    } catch (OtlpFormatException e) {
      error(ctx, 400, OtlpReceiver.INVALID_ARGUMENT, e.getMessage(), encoding);
      return;
    }
    if (batch.rejected() > 0) {
      collector.metrics().rejected(RecordSource.OTLP, CollectorMetrics.invalid(null), batch.rejected());
      LOG.warn("OTLP traces: {}", batch.problem());
    }
    store(ctx, encoding, batch.records(), () -> receiver.tracesResponse(batch, encoding));
  }

  /**
   * Commits the records, then answers 200 with {@code response}: the acknowledgement is durable.
   * Logs and traces share it so both behave exactly alike under overload, a disabled collector and
   * a store outage.
   */
  private void store(Context ctx, OtlpEncoding encoding, List<UsageRecord> records, Supplier<byte[]> response)
      throws Exception {
    if (records.size() > options.maxRecordsPerRequest()) {
      error(ctx, 413, OtlpReceiver.INVALID_ARGUMENT, records.size() + " usage calls in one request, the limit is "
          + options.maxRecordsPerRequest(), encoding);
      return;
    }
    if (records.isEmpty()) {
      // most telemetry is not usage (prompts, tool calls, plain spans): acknowledge it without the
      // collector, which would refuse even an empty batch while collection is disabled
      ctx.status(200).contentType(encoding.contentType()).result(response.get());
      return;
    }
    IngestResult result;
    try {
      result = collector.submit(records).get();
    } catch (CollectorOverloadedException e) {
      ctx.header("Retry-After", "1");
      error(ctx, 429, OtlpReceiver.RESOURCE_EXHAUSTED, e.getMessage(), encoding);
      return;
    } catch (CollectorDisabledException e) {
      error(ctx, 403, OtlpReceiver.INVALID_ARGUMENT, e.getMessage(), encoding);
      return;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StoreException store) {
        if (!(store instanceof StoreUnavailableException down && down.knownDown())) {
          LOG.warn("store cannot commit OTLP usage: {}", store.getMessage()); // a known-down store logged its state change once
        }
        ctx.header("Retry-After", String.valueOf(store instanceof StoreUnavailableException down
            ? down.retryAfterSeconds() : 5));
        error(ctx, 503, OtlpReceiver.UNAVAILABLE, "the store cannot commit right now; nothing of this request was stored: retry",
            encoding);
        return;
      }
      throw e;
    }
    ctx.status(200).contentType(encoding.contentType()).result(response.get());
  }

  private void metrics(Context ctx) throws IOException {
    OtlpEncoding encoding = encoding(ctx);
    byte[] body = encoding == null ? null : body(ctx, encoding);
    if (body == null) {
      return;
    }
    try {
      receiver.metrics(body, encoding);
    } catch (OtlpFormatException e) {
      error(ctx, 400, OtlpReceiver.INVALID_ARGUMENT, e.getMessage(), encoding);
      return;
    }
    ctx.status(200).contentType(encoding.contentType()).result(receiver.metricsResponse(encoding));
  }

  private OtlpEncoding encoding(Context ctx) {
    OtlpEncoding encoding = OtlpEncoding.of(ctx.contentType());
    if (encoding == null) {
      // no encoding to answer in: plain JSON, like the rest of the API
      ctx.status(415).json(ApiError.of("Content-Type must be application/x-protobuf or application/json, was "
          + (ctx.contentType() == null ? "missing" : "'" + ctx.contentType() + "'")));
    }
    return encoding;
  }

  /** The decompressed body, or null after answering 413/415. */
  private byte[] body(Context ctx, OtlpEncoding encoding) throws IOException {
    String coding = ctx.header("Content-Encoding");
    boolean gzip = coding != null && coding.trim().toLowerCase(Locale.ROOT).equals("gzip");
    if (coding != null && !gzip && !coding.trim().equalsIgnoreCase("identity")) {
      error(ctx, 415, OtlpReceiver.INVALID_ARGUMENT, "Content-Encoding '" + coding + "' is not supported (gzip is)", encoding);
      return null;
    }
    // the limit applies after decompression too, so a small gzip bomb cannot fill the heap
    try (InputStream raw = new LimitedInputStream(ctx.bodyInputStream(), options.maxBodyBytes());
        InputStream in = new LimitedInputStream(gzip ? new GZIPInputStream(raw) : raw, options.maxBodyBytes())) {
      return in.readAllBytes();
    } catch (LimitedInputStream.TooLarge e) {
      error(ctx, 413, OtlpReceiver.INVALID_ARGUMENT, e.getMessage() + ": export smaller batches", encoding);
      return null;
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      error(ctx, 400, OtlpReceiver.INVALID_ARGUMENT, "the body is not valid gzip: " + e.getMessage(), encoding);
      return null;
    }
  }

  private void error(Context ctx, int status, int code, String message, OtlpEncoding encoding) {
    ctx.status(status).contentType(encoding.contentType()).result(receiver.status(code, message, encoding));
  }
}
