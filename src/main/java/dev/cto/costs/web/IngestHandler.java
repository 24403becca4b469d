package dev.cto.costs.web;

import dev.cto.costs.collect.CollectorDisabledException;
import dev.cto.costs.collect.CollectorOverloadedException;
import dev.cto.costs.collect.IngestResult;
import dev.cto.costs.collect.ParsedBatch;
import dev.cto.costs.collect.RecordSource;
import dev.cto.costs.collect.UsageCollector;
import dev.cto.costs.collect.UsageRecordReader;
import dev.cto.costs.store.RejectedRecordsException;
import dev.cto.costs.store.StoreException;
import dev.cto.costs.store.StoreUnavailableException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/usage}: one record, an array, {@code {"records": [...]}} or NDJSON. Answers 200
 * only after the records committed; 400 (nothing stored) with every problem; 413 over the size or
 * record limits; 415 for other content types; 429/503 with Retry-After when it cannot take them now.
 */
final class IngestHandler implements Handler {

  private static final Logger LOG = LoggerFactory.getLogger(IngestHandler.class);

  private final UsageRecordReader reader;
  private final UsageCollector collector;
  private final ServerOptions options;

  IngestHandler(UsageRecordReader reader, UsageCollector collector, ServerOptions options) {
    this.reader = reader;
    this.collector = collector;
    this.options = options;
  }

  @Override
  public void handle(Context ctx) throws Exception {
    UsageRecordReader.Form form = form(ctx.contentType());
    if (form == null) {
      reject(ctx, 415, "unsupported_media_type", "Content-Type must be application/json or application/x-ndjson, was "
          + (ctx.contentType() == null ? "missing" : "'" + ctx.contentType() + "'"));
      return;
    }
    long declared = ctx.req().getContentLengthLong();
    if (declared > options.maxBodyBytes()) {
      discardBody(ctx, declared);
      reject(ctx, 413, "too_large", "request body of " + declared + " bytes is over the limit of " + options.maxBodyBytes());
      return;
    }
    // a remote capture path (sidecar proxy, import --server, Java client) says which it is
    String source = RecordSource.declared(ctx.header(RecordSource.HEADER));
    ParsedBatch batch;
    try (InputStream body = new LimitedInputStream(ctx.bodyInputStream(), options.maxBodyBytes())) {
      batch = form == UsageRecordReader.Form.NDJSON
          ? reader.readNdjson(body, source)
          : reader.read(body.readAllBytes(), form, source);
    } catch (LimitedInputStream.TooLarge e) {
      discardBody(ctx, -1); // no declared length (chunked): what is left of it
      reject(ctx, 413, "too_large", e.getMessage() + ": split it into several requests");
      return;
    }
    int count = batch.records().size() + (int) batch.errors().stream().map(e -> e.index()).distinct().count();
    if (count > options.maxRecordsPerRequest()) {
      reject(ctx, 413, "too_large", count + " records in one request, the limit is " + options.maxRecordsPerRequest());
      return;
    }
    if (!batch.isValid()) {
      collector.metrics().rejectedInvalid(RecordSource.of(source), batch.errors());
      ctx.status(400).json(new ApiError(new dev.cto.costs.collect.ValidationException(batch.errors()).getMessage(),
          batch.errors().stream().map(ApiError.Detail::of).toList()));
      return;
    }
    IngestResult result;
    try {
      result = collector.submit(batch.records()).get();
    } catch (CollectorOverloadedException e) {
      ctx.header("Retry-After", "1");
      reject(ctx, 429, "overloaded", e.getMessage());
      return;
    } catch (CollectorDisabledException e) {
      reject(ctx, 403, "disabled", e.getMessage());
      return;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RejectedRecordsException refused) {
        // the database refused this request's records, not the write: a retry would fail the same way
        LOG.warn("the store refused a request's records: {}", refused.getMessage());
        reject(ctx, 422, "rejected_by_store", "the store refused a value of this request (a database constraint);"
            + " nothing of this request was stored, and sending it again fails the same way: the collector's log"
            + " names the problem");
        return;
      }
      if (e.getCause() instanceof StoreException store) {
        if (!(store instanceof StoreUnavailableException down && down.knownDown())) {
          LOG.warn("store cannot commit: {}", store.getMessage()); // a known-down store logged its state change once
        }
        ctx.header("Retry-After", String.valueOf(store instanceof StoreUnavailableException down
            ? down.retryAfterSeconds() : 5));
        reject(ctx, 503, "store_unavailable", "the store cannot commit right now; nothing of this request was stored: retry");
        return;
      }
      throw e;
    }
    ctx.status(200).contentType("application/json").result(IngestResponse.bytes(result));
  }

  /**
   * Reads and drops a refused body before answering, up to {@link #DISCARD_AT_MOST}: a server
   * that answers and closes while the client is still sending resets the connection, and the
   * client then sees a broken connection instead of the 413 that says why (it happened now and
   * then in the bad-input tests). A larger body is answered at once and the connection closed.
   */
  private static void discardBody(Context ctx, long declared) throws IOException {
    if (declared > DISCARD_AT_MOST) {
      ctx.header("Connection", "close");
      return;
    }
    InputStream rest = ctx.bodyInputStream();
    byte[] sink = new byte[64 * 1024];
    long dropped = 0;
    int n;
    while (dropped <= DISCARD_AT_MOST && (n = rest.read(sink)) >= 0) {
      dropped += n;
    }
    if (dropped > DISCARD_AT_MOST) {
      ctx.header("Connection", "close"); // a chunked body without end in sight
    }
  }

  private static final long DISCARD_AT_MOST = 64L * 1024 * 1024;

  static UsageRecordReader.Form form(String contentType) {
    if (contentType == null) {
      return null;
    }
    String type = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    return switch (type) {
      case "application/json" -> UsageRecordReader.Form.AUTO;
      case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines" ->
          UsageRecordReader.Form.NDJSON;
      default -> null;
    };
  }

  private static void reject(Context ctx, int status, String kind, String message) throws IOException {
    ctx.status(status).json(ApiError.of(message));
  }
}
