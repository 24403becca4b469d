package dev.cto.costs.capture.proxy;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** What the fake upstream answers: a JSON body, or an event stream (possibly cut midway). */
sealed interface Reply {

  void send(HttpExchange exchange, RecordedRequest request) throws IOException;

  /**
   * A whole JSON body. Gzipped when the client accepts it, as the providers' edges do: the proxy's
   * usage tap must read usage from a compressed body without changing the bytes the client gets.
   */
  record Json(int status, Map<String, String> headers, String body) implements Reply {

    @Override
    public void send(HttpExchange exchange, RecordedRequest request) throws IOException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      String accepted = request.header("accept-encoding");
      if (accepted != null && accepted.contains("gzip")) {
        bytes = gzip(bytes);
        exchange.getResponseHeaders().set("Content-Encoding", "gzip");
      }
      headers.forEach(exchange.getResponseHeaders()::set);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(buffer)) {
        gz.write(bytes);
      }
      return buffer.toByteArray();
    }
  }

  /**
   * A chunked {@code text/event-stream}: each event is flushed on its own, with a pause before the
   * next, so a proxy that buffers the stream shows up as a client that gets everything at once.
   *
   * @param cutAfter after this many events the connection is dropped without the terminating
   *     chunk, as when a provider's connection breaks; -1 to end the stream normally
   */
  record Sse(Map<String, String> headers, List<SseEvent> events, int cutAfter, Duration pause) implements Reply {

    @Override
    public void send(HttpExchange exchange, RecordedRequest request) throws IOException {
      headers.forEach(exchange.getResponseHeaders()::set);
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      for (int i = 0; i < events.size(); i++) {
        if (i == cutAfter) {
          // Throwing out of the handler makes the JDK server close the socket as it is: the client
          // sees a chunked body that never ends properly (closing the stream would end it cleanly).
          throw new IOException("fake upstream: connection cut after " + cutAfter + " events");
        }
        out.write(events.get(i).wire());
        out.flush();
        sleep();
      }
      out.close();
    }

    private void sleep() throws IOException {
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while streaming", e);
      }
    }
  }
}
