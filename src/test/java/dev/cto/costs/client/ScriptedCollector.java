package dev.cto.costs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP server standing in for the collector (or in front of the real one) whose answers a
 * test scripts: each request takes the next scripted {@link Reply}, or the default one (200, or
 * forwarding to a real collector) when the script is used up. Every request is kept for assertions.
 */
final class ScriptedCollector implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A request as received: headers of interest, the NDJSON records, when it arrived. */
  record Received(String authorization, String contentType, List<JsonNode> records, long arrivedNanos) {
    List<String> ids() {
      return records.stream().map(r -> r.get("id").asText()).toList();
    }
  }

  @FunctionalInterface
  interface Reply {
    void answer(HttpExchange exchange, byte[] body) throws IOException, InterruptedException;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Reply fallback;

  /** Answers 200 like the collector when the script is used up. */
  ScriptedCollector() throws IOException {
    this(ScriptedCollector::acknowledge);
  }

  ScriptedCollector(Reply fallback) throws IOException {
    this.fallback = fallback;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(executor);
    server.createContext("/v1/usage", this::handle);
    server.start();
  }

  /** Forwards every unscripted request to a real collector and relays its answer. */
  static ScriptedCollector inFrontOf(String collector) throws IOException {
    return new ScriptedCollector((exchange, body) -> relay(exchange, forward(collector, exchange, body)));
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  ScriptedCollector then(Reply reply) {
    script.add(reply);
    return this;
  }

  List<Received> received() {
    return new ArrayList<>(received);
  }

  List<String> receivedIds() {
    return received.stream().flatMap(r -> r.ids().stream()).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    List<JsonNode> records = new ArrayList<>();
    for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        records.add(JSON.readTree(line));
      }
    }
    received.add(new Received(exchange.getRequestHeaders().getFirst("Authorization"),
        exchange.getRequestHeaders().getFirst("Content-Type"), records, System.nanoTime()));
    Reply reply = script.poll();
    try {
      (reply == null ? fallback : reply).answer(exchange, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }

  static Reply status(int status, String json, String... headers) {
    return (exchange, body) -> {
      for (int i = 0; i < headers.length; i += 2) {
        exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
      }
      send(exchange, status, json.getBytes(StandardCharsets.UTF_8));
    };
  }

  /** No answer: closing an exchange that sent no headers closes the connection, an IOException for the client. */
  static Reply dropConnection() {
    return (exchange, body) -> { };
  }

  /** Holds the request until {@code release} opens (at most a minute), then acknowledges it. */
  static Reply stallUntil(CountDownLatch release) {
    return (exchange, body) -> {
      release.await(1, TimeUnit.MINUTES);
      acknowledge(exchange, body);
    };
  }

  /** Lets the real collector commit the batch, then loses its answer: the client sees {@code status}. */
  static Reply commitThenAnswer(String collector, int status, String... headers) {
    return (exchange, body) -> {
      forward(collector, exchange, body);
      status(status, "{\"error\":\"upstream answer lost\"}", headers).answer(exchange, body);
    };
  }

  private static void acknowledge(HttpExchange exchange, byte[] body) throws IOException {
    send(exchange, 200, "{\"accepted\":1,\"duplicates\":0,\"records\":[]}".getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<byte[]> forward(String collector, HttpExchange exchange, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(collector + "/v1/usage"))
        .header("Content-Type", exchange.getRequestHeaders().getFirst("Content-Type"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (String header : List.of("Authorization", "Cto-Usage-Source")) { // as a reverse proxy passes them on
      String value = exchange.getRequestHeaders().getFirst(header);
      if (value != null) {
        request.header(header, value);
      }
    }
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static void relay(HttpExchange exchange, HttpResponse<byte[]> response) throws IOException {
    response.headers().firstValue("Retry-After").ifPresent(v -> exchange.getResponseHeaders().add("Retry-After", v));
    send(exchange, response.statusCode(), response.body());
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    exchange.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
