package dev.cto.costs.client;

import java.util.concurrent.atomic.AtomicLong;

/** The counters behind {@link SinkStats}, shared by the sink and its sender thread. */
final class SinkCounters {

  final AtomicLong sent = new AtomicLong();
  final AtomicLong retried = new AtomicLong();
  final AtomicLong rejected = new AtomicLong();
  final AtomicLong dropped = new AtomicLong();

  SinkStats snapshot(long pending) {
    return new SinkStats(sent.get(), retried.get(), rejected.get(), dropped.get(), pending);
  }
}
