package dev.cto.costs.alerts;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real HTTP server on 127.0.0.1 that records webhook requests and answers scripted statuses (then 200). */
final class WebhookReceiver implements AutoCloseable {

  record Received(String path, Map<String, List<String>> headers, String body, int answered) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  private final HttpServer server;
  private final Deque<int[]> script = new ArrayDeque<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile long delayMillis;

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      int[] next;
      synchronized (script) {
        next = script.poll();
      }
      int status = next == null ? 200 : next[0];
      received.add(new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body, status));
      if (delayMillis > 0) {
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (next != null && next.length > 1) {
        exchange.getResponseHeaders().add("Retry-After", String.valueOf(next[1]));
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  /** The next requests are answered with these statuses, in order; then 200. */
  WebhookReceiver answer(int... statuses) {
    synchronized (script) {
      for (int s : statuses) {
        script.add(new int[] {s});
      }
    }
    return this;
  }

  WebhookReceiver answerWithRetryAfter(int status, int seconds) {
    synchronized (script) {
      script.add(new int[] {status, seconds});
    }
    return this;
  }

  WebhookReceiver delay(long millis) {
    this.delayMillis = millis;
    return this;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  List<Received> received() {
    return received;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
