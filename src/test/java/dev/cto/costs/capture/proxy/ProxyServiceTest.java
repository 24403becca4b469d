package dev.cto.costs.capture.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.web.LogCapture;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.store.UsageFilter;
import dev.cto.costs.store.jdbc.JdbcStore;
import dev.cto.costs.web.ServerOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy inside the real service, between a JDK HTTP client and a loopback upstream speaking
 * the providers' wire formats: the client gets the upstream's bytes, the store gets the usage.
 */
class ProxyServiceTest {

  @TempDir Path dir;
  private HttpServer upstream;
  private CollectorService service;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Map<String, HttpExchangeCopy> received = new ConcurrentHashMap<>();

  record HttpExchangeCopy(Map<String, List<String>> headers, String body) {}

  static final String OPENAI_STREAM_HEAD =
      "data: {\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n";
  static final String OPENAI_USAGE_CHUNK =
      "data: {\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":20,\"prompt_tokens_details\":{\"cached_tokens\":600}}}\n\n";
  static final String DONE = "data: [DONE]\n\n";

  @BeforeEach
  void start() throws IOException {
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/v1/messages", ex -> {
      String body = keep(ex);
      if (body.contains("\"stream\":true")) {
        sse(ex, 200, List.of(UsageTapTest.ANTHROPIC_SSE.split("(?<=\n\n)")), false);
      } else {
        ex.getResponseHeaders().add("request-id", "req_abc");
        send(ex, 200, "application/json", UsageTapTest.ANTHROPIC_JSON);
      }
    });
    upstream.createContext("/v1/cut/messages", ex -> {
      keep(ex);
      sse(ex, 200, List.of(UsageTapTest.ANTHROPIC_SSE.split("(?<=\n\n)")).subList(0, 3), true);
    });
    upstream.createContext("/v1/chat/completions", ex -> {
      String body = keep(ex);
      List<String> events = new ArrayList<>(List.of(OPENAI_STREAM_HEAD));
      if (body.contains("\"include_usage\":true")) {
        events.add(OPENAI_USAGE_CHUNK);
      }
      events.add(DONE);
      sse(ex, 200, events, false);
    });
    upstream.createContext("/v1/limited/messages", ex -> {
      keep(ex);
      ex.getResponseHeaders().add("retry-after", "7");
      send(ex, 429, "application/json", "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}");
    });
    upstream.start();
    String base = "http://127.0.0.1:" + upstream.getAddress().getPort();
    Path config = dir.resolve("cost-config.json");
    Files.writeString(config, "{\"proxy\":{\"upstreams\":{\"anthropic\":\"" + base + "\",\"openai\":\"" + base + "\"}}}");
    service = CollectorService.start(new AppOptions(dir.resolve("costs.db"), null, config),
        new ServerOptions("127.0.0.1", 0, List.of(), 1 << 20, 1000, 14));
  }

  @AfterEach
  void stop() {
    service.close();
    upstream.stop(0);
  }

  private String keep(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    received.put(ex.getRequestURI().getPath(), new HttpExchangeCopy(Map.copyOf(ex.getRequestHeaders()), body));
    return body;
  }

  private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  /** Streams events one by one with a pause, as providers do; {@code cut} ends without finishing the body. */
  private static void sse(HttpExchange ex, int status, List<String> events, boolean cut) throws IOException {
    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(status, cut ? 100_000 : 0); // a declared length never reached: a cut body
    OutputStream out = ex.getResponseBody();
    for (String e : events) {
      out.write(e.getBytes(StandardCharsets.UTF_8));
      out.flush();
      try {
        Thread.sleep(5);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (cut) {
      ex.getHttpContext().getServer(); // the exchange is abandoned: closing the socket mid-body
      ex.close();
      return;
    }
    out.close();
  }

  private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private List<PricedUsage> stored() {
    List<PricedUsage> all = new ArrayList<>();
    try (JdbcStore store = JdbcStore.openSqlite(dir.resolve("costs.db"))) {
      store.forEachRecord(UsageFilter.ALL, all::add);
    }
    return all;
  }

  private PricedUsage awaitRecord(String id) {
    return await().atMost(Duration.ofSeconds(10)).until(
        () -> stored().stream().filter(r -> r.id().equals(id)).findFirst().orElse(null), r -> r != null);
  }

  /**
   * An agent that propagates its OpenTelemetry context: the client's {@code ExecutionScope} puts the
   * attribution into baggage, OpenTelemetry's W3C propagator writes the {@code baggage} header, and
   * the proxy charges the call to it. The provider gets the application's own baggage, not ours.
   */
  @Test
  void theBaggageOfAnExecutionScopeAttributesTheCallAndStaysHere() throws Exception {
    var run = dev.cto.costs.client.ExecutionContext.builder()
        .repository("5dlabs/cto").prNumber(18).agent("cleo").stage("review pass").iteration(4).build();
    Map<String, String> carrier = new java.util.TreeMap<>();
    try (var tenant = io.opentelemetry.api.baggage.Baggage.current().toBuilder().put("tenant", "acme").build().makeCurrent();
        var scope = dev.cto.costs.client.springai.ExecutionScope.open(run)) {
      io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator.getInstance()
          .inject(io.opentelemetry.context.Context.current(), carrier, Map::put);
    }
    assertThat(carrier).containsKey("baggage");

    HttpResponse<String> r = post("/proxy/anthropic/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5}",
        "x-api-key", "sk-ant-secret", "baggage", carrier.get("baggage"));

    assertThat(r.statusCode()).isEqualTo(200);
    PricedUsage u = awaitRecord("msg_01");
    assertThat(u.attribution()).isEqualTo(new dev.cto.costs.domain.Attribution("5dlabs/cto", 18L, "cleo", "review pass", 4, null));
    assertThat(received.get("/v1/messages").headers().get("Baggage")).as("the provider's copy").containsExactly("tenant=acme");
  }

  @Test
  void anthropicJsonPassesThroughUnchangedAndIsRecordedWithHeaderAttribution() throws Exception {
    HttpResponse<String> r;
    String logged;
    try (LogCapture logs = LogCapture.everything()) {
      r = post("/proxy/anthropic/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5}",
          "x-api-key", "sk-ant-secret", "X-CTO-PR", "42", "X-CTO-Agent", "rex", "X-CTO-Stage", "code", "X-CTO-Iteration", "3",
          "X-CTO-Repository", "5dlabs/cto");
      awaitRecord("msg_01");
      logged = logs.text();
    }

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(UsageTapTest.ANTHROPIC_JSON);
    assertThat(r.headers().firstValue("request-id")).contains("req_abc");
    HttpExchangeCopy seen = received.get("/v1/messages");
    assertThat(seen.headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("x-cto-"));
    assertThat(seen.headers().get("X-api-key")).containsExactly("sk-ant-secret");
    PricedUsage u = awaitRecord("msg_01");
    assertThat(u.record().tokens()).isEqualTo(new TokenCounts(12, 55, 100, 200, 4000));
    assertThat(u.attribution().prNumber()).isEqualTo(42L);
    assertThat(u.attribution().agent()).isEqualTo("rex");
    assertThat(u.attribution().iteration()).isEqualTo(3);
    assertThat(u.record().requestId()).isEqualTo("req_abc");
    assertThat(u.record().source()).isEqualTo("proxy");
    assertThat(u.priced()).isTrue();
    // the key is neither in the database, nor in its write-ahead log (where a fresh commit sits
    // until a checkpoint), nor in any of our log lines at any level
    assertThat(Files.readString(dir.resolve("costs.db"), StandardCharsets.ISO_8859_1)).doesNotContain("sk-ant-secret");
    assertThat(dir.resolve("costs.db-wal")).exists();
    assertThat(Files.readString(dir.resolve("costs.db-wal"), StandardCharsets.ISO_8859_1))
        .contains("msg_01").doesNotContain("sk-ant-secret");
    assertThat(logged).doesNotContain("sk-ant-secret");
  }

  /**
   * Attribution the record's rules refuse (here a 7,000-character agent, a repository that is not
   * owner/name, a C1 CSI and a DEL sent percent-encoded in the path: Jetty itself refuses C0 there) never fails the agent's call nor
   * loses its tokens: stored with the fallbacks, the source noting what was replaced.
   */
  @Test
  void invalidAttributionIsReplacedAndTheCallSucceedsAndIsStored() throws Exception {
    HttpResponse<String> r = post("/proxy/anthropic/@stage=co%C2%9Bde,task=t%7Fx/v1/messages", "{\"model\":\"claude-sonnet-4-5\"}",
        "X-CTO-Agent", "a".repeat(7000), "X-CTO-Repository", "not-a-repo", "X-CTO-PR", "42");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(UsageTapTest.ANTHROPIC_JSON);
    PricedUsage u = awaitRecord("msg_01");
    assertThat(u.attribution()).isEqualTo(new dev.cto.costs.domain.Attribution(null, 42L, "unknown", "unknown", 1, null));
    assertThat(u.record().tokens()).isEqualTo(new TokenCounts(12, 55, 100, 200, 4000));
    assertThat(u.record().source()).isEqualTo("proxy; replaced repository,agent,stage,task_id");
  }

  @Test
  void anthropicStreamIsForwardedAsSentAndAttributedFromThePath() throws Exception {
    HttpResponse<String> r = post("/proxy/anthropic/@pr=7,agent=cleo,stage=qa,iteration=2/v1/messages",
        "{\"model\":\"claude-opus-4-1\",\"stream\":true}");

    assertThat(r.body()).isEqualTo(UsageTapTest.ANTHROPIC_SSE);
    PricedUsage u = awaitRecord("msg_02");
    assertThat(u.record().tokens()).isEqualTo(new TokenCounts(21, 42, 7, 0, 900));
    assertThat(u.attribution().agent()).isEqualTo("cleo");
    assertThat(u.attribution().iteration()).isEqualTo(2);
  }

  @Test
  void openAiStreamsGetUsageAskedForAndTheExtraChunkRemoved() throws Exception {
    HttpResponse<String> r = post("/proxy/openai/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}",
        "Authorization", "Bearer sk-openai", "X-CTO-Agent", "blaze", "X-CTO-Stage", "code");

    assertThat(r.body()).isEqualTo(OPENAI_STREAM_HEAD + DONE);
    assertThat(received.get("/v1/chat/completions").body()).contains("\"include_usage\":true");
    PricedUsage u = awaitRecord("chatcmpl-9");
    assertThat(u.record().tokens()).isEqualTo(new TokenCounts(400, 20, 0, 0, 600));

    HttpResponse<String> asked = post("/proxy/openai/v1/chat/completions",
        "{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
    assertThat(asked.body()).isEqualTo(OPENAI_STREAM_HEAD + OPENAI_USAGE_CHUNK + DONE);
  }

  @Test
  void sameMessageTwiceIsStoredOnce() throws Exception {
    post("/proxy/anthropic/v1/messages", "{}", "X-CTO-Agent", "rex", "X-CTO-Stage", "code");
    awaitRecord("msg_01");
    post("/proxy/anthropic/v1/messages", "{}", "X-CTO-Agent", "rex", "X-CTO-Stage", "code");

    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
        .until(() -> stored().stream().filter(r -> r.id().equals("msg_01")).count() == 1);
  }

  @Test
  void upstreamErrorsPassThroughAndRecordNothing() throws Exception {
    HttpResponse<String> r = post("/proxy/anthropic/v1/limited/messages", "{}");

    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("retry-after")).contains("7");
    assertThat(r.body()).contains("rate_limit_error");
    assertThat(stored()).isEmpty();
  }

  @Test
  void aStreamCutMidwayBreaksTheClientTooAndKeepsTheTokensSeen() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/proxy/anthropic/v1/cut/messages"))
        .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true}")).build();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
    assertThat(awaitRecord("msg_02").record().tokens().input()).isEqualTo(21);
  }

  @Test
  void anUnreachableUpstreamIsA502NamingIt() throws Exception {
    upstream.stop(0);

    HttpResponse<String> r = post("/proxy/anthropic/v1/messages", "{}");

    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body()).contains("cannot be reached");
  }

  @Test
  void unknownProviderIsA400() throws Exception {
    assertThat(post("/proxy/mistral/v1/x", "{}").body()).contains("unknown provider 'mistral'");
  }
}
