package dev.cto.costs.capture.proxy;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Keep-alive connections to the providers, so a call pays no TCP or TLS handshake. The most
 * recently used connection is taken first (the least likely to have been closed by the provider);
 * each is checked before reuse ({@link UpstreamConnection#stillOpen()}), and one idle for longer
 * than {@link #MAX_IDLE_NANOS} is closed instead: a middlebox may have dropped it without a word,
 * and a request sent on such a connection would wait for an answer that never comes.
 */
final class UpstreamPool {

  static final long MAX_IDLE_NANOS = 30_000_000_000L;
  private static final int MAX_IDLE_PER_ORIGIN = 64;

  private final Map<String, Deque<UpstreamConnection>> idle = new HashMap<>();

  /** An idle connection known to be open, or a new one. */
  UpstreamConnection take(URI base) throws IOException {
    String origin = UpstreamConnection.origin(base);
    long now = System.nanoTime();
    while (true) {
      UpstreamConnection reused;
      synchronized (this) {
        Deque<UpstreamConnection> connections = idle.get(origin);
        reused = connections == null ? null : connections.pollFirst();
      }
      if (reused == null) {
        return UpstreamConnection.open(base);
      }
      if (now - reused.idleSince() < MAX_IDLE_NANOS && reused.stillOpen()) {
        return reused;
      }
      reused.close();
    }
  }

  /** A connection whose last response was read to its end, free for the next call. */
  void giveBack(UpstreamConnection connection) {
    connection.idle(System.nanoTime());
    synchronized (this) {
      Deque<UpstreamConnection> connections = idle.computeIfAbsent(connection.origin, o -> new ArrayDeque<>());
      if (connections.size() < MAX_IDLE_PER_ORIGIN) {
        connections.addFirst(connection);
        return;
      }
    }
    connection.close();
  }
}
