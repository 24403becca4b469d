package dev.cto.costs.capture.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback stand-in for the model providers, speaking their wire formats (the providers are the
 * one remote thing the tests cannot run for real):
 *
 * <ul>
 *   <li>Anthropic at {@code /v1/messages} ({@link #anthropicBaseUrl()}),
 *   <li>OpenAI at {@code /openai/v1/chat/completions} and {@code /openai/v1/responses}
 *       ({@link #openAiBaseUrl()}), under a prefix so a proxy that drops the upstream's base path
 *       gets a 404 instead of a lucky hit.
 * </ul>
 *
 * The answer is chosen by the request's {@code model} ({@link Scenario#byModel}); every request is
 * recorded as received, so tests can see exactly what a proxy forwarded. Public (with {@link
 * #start}, {@link #anthropicBaseUrl} and {@link #close}) for tests in other packages that need
 * proxied traffic, such as {@code deploy.PrometheusScrapeTest}.
 */
public final class FakeProviderServer implements AutoCloseable {

  /** Between two SSE events: long enough that a buffering proxy is visible, short enough for CI. */
  static final Duration EVENT_PAUSE = Duration.ofMillis(25);

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

  private FakeProviderServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static FakeProviderServer start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      // one thread per exchange: streams pause between events and must not hold up other calls
      ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-provider");
        t.setDaemon(true);
        return t;
      });
      FakeProviderServer fake = new FakeProviderServer(server, executor);
      server.createContext("/", fake::handle);
      server.setExecutor(executor);
      server.start();
      return fake;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake provider on 127.0.0.1", e);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Upstream base URL for Anthropic: the SDK's baseURL, and the proxy's upstream. */
  public String anthropicBaseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** Upstream base URL for OpenAI (the SDK's baseURL adds {@code /v1}). */
  String openAiBaseUrl() {
    return "http://127.0.0.1:" + port() + "/openai";
  }

  /** Every request received so far, in arrival order. */
  /** How many requests arrived so far (for tests outside this package: a call that was never made). */
  public int requestCount() {
    return requests.size();
  }

  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** The requests that asked for this scenario's model. */
  List<RecordedRequest> requestsFor(Scenario s) {
    return requests.stream().filter(r -> s.model().equals(r.model())).toList();
  }

  void clear() {
    requests.clear();
  }

  private void handle(HttpExchange exchange) throws IOException {
    RecordedRequest request = read(exchange);
    requests.add(request);
    Reply reply = route(request);
    reply.send(exchange, request);
  }

  private static Reply route(RecordedRequest request) {
    String path = request.path();
    Optional<Scenario> scenario = Scenario.byModel(String.valueOf(request.model()));
    if (!request.method().equals("POST")) {
      return notFound("fake: only POST is served, got " + request.method() + " " + path);
    }
    if (path.equals("/v1/messages")) {
      return scenario.filter(s -> s.sdk == Scenario.Sdk.ANTHROPIC)
          .map(s -> AnthropicWire.messages(s, request, EVENT_PAUSE))
          .orElseGet(() -> notFound("fake: no Anthropic scenario for model " + request.model()));
    }
    if (path.equals("/openai/v1/chat/completions")) {
      return scenario.filter(s -> s.sdk == Scenario.Sdk.OPENAI && !s.scriptName.startsWith("responses"))
          .map(s -> OpenAiChatWire.completions(s, request, EVENT_PAUSE))
          .orElseGet(() -> notFound("fake: no chat completions scenario for model " + request.model()));
    }
    if (path.equals("/openai/v1/responses")) {
      return scenario.filter(s -> s.sdk == Scenario.Sdk.OPENAI && s.scriptName.startsWith("responses"))
          .map(s -> OpenAiResponsesWire.responses(s, request, EVENT_PAUSE))
          .orElseGet(() -> notFound("fake: no responses scenario for model " + request.model()));
    }
    return notFound("fake: nothing at " + path);
  }

  private static Reply notFound(String message) {
    return new Reply.Json(404, Map.of(), Wire.compact("{\"error\": {\"type\": \"not_found_error\", \"message\": \"" + message + "\"}}"));
  }

  private static RecordedRequest read(HttpExchange exchange) throws IOException {
    Map<String, List<String>> headers = new TreeMap<>();
    exchange.getRequestHeaders().forEach((name, values) ->
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values));
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String path = exchange.getRequestURI().getRawPath();
    String query = exchange.getRequestURI().getRawQuery();
    return new RecordedRequest(exchange.getRequestMethod(), query == null ? path : path + "?" + query, headers, body);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** For ad-hoc runs: {@code java ... FakeProviderServer} serves until killed. */
  public static void main(String[] args) throws Exception {
    FakeProviderServer fake = start();
    System.out.println("fake provider on " + fake.anthropicBaseUrl());
    Thread.currentThread().join();
  }
}
