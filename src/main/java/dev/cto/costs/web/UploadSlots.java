package dev.cto.costs.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * At most so many request bodies are read at once; one more gets 503 with {@code Retry-After} at
 * once. A request thread blocks while its client sends the body, and clients that stall mid-body
 * (until the read timeout cuts them) could otherwise hold every thread of the server, so that
 * nothing, {@code /healthz} included, is answered. As PostgreSQL's {@code max_connections} or the
 * OpenTelemetry Collector's memory limiter do, the surplus is refused rather than queued.
 */
final class UploadSlots {

  /** Well under the server's 250 threads: the rest stay free for queries, probes and the proxy. */
  static final int DEFAULT = 64;

  private final Semaphore free;
  private final int size;

  UploadSlots(int size) {
    this.size = size;
    this.free = new Semaphore(size);
  }

  /** A slot, or null when all are taken. */
  Slot tryTake() {
    return free.tryAcquire() ? new Slot() : null;
  }

  /** The handler, run only with a slot, which it holds until it returns. */
  Handler guard(Handler handler) {
    return ctx -> {
      Slot slot = tryTake();
      if (slot == null) {
        refuse(ctx);
        return;
      }
      try {
        handler.handle(ctx);
      } finally {
        slot.release();
      }
    };
  }

  String busyMessage() {
    return "too many uploads in progress (" + size + "): retry after 1 s";
  }

  private void refuse(Context ctx) {
    ctx.header("Retry-After", "1").header("Connection", "close").status(503).json(ApiError.of(busyMessage()));
  }

  /** A taken slot; released once, by whichever comes first of the body's end and the request's. */
  final class Slot {

    private final AtomicBoolean released = new AtomicBoolean();

    void release() {
      if (released.compareAndSet(false, true)) {
        free.release();
      }
    }
  }
}
