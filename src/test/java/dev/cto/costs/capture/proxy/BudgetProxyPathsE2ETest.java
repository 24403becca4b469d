package dev.cto.costs.capture.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.budget.BudgetEnforcer;
import dev.cto.costs.web.ServerOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.math.BigDecimal;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The proxy's budget paths over plain HTTP, through a real collector service and a loopback
 * upstream whose every answer the test scripts (no SDK, so none of this needs node): a failed call
 * gives its reservation back, free and unpriced models pass an exhausted budget, the Gemini and
 * OpenAI Responses refusal shapes, the 503 of a lost store with {@code budgets_fail_open: false}
 * and forwarding with {@code true}, and a large body whose model comes after its messages.
 */
class BudgetProxyPathsE2ETest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private CollectorService serve(AppOptions app) {
    CollectorService service = CollectorService.start(app,
        new ServerOptions("127.0.0.1", 0, List.of(), ServerOptions.DEFAULT_MAX_BODY, ServerOptions.DEFAULT_MAX_RECORDS, 14));
    open.add(service);
    return service;
  }

  /**
   * Only these prices: claude-paid's worst case with {@code max_tokens: 1000} and a small body is
   * about $0.00205 ($0.002 of output); an answer bills 10 + 10 tokens, $0.00003.
   */
  private Path config(String upstream, boolean failOpen, String budgets) throws IOException {
    String json = """
        {
          "extends_default_pricing": false,
          "pricing": [
            {"model": "claude-paid", "provider": "anthropic", "input_cost_per_million": 1, "output_cost_per_million": 2},
            {"model": "claude-free", "provider": "anthropic", "input_cost_per_million": 0, "output_cost_per_million": 0},
            {"model": "claude-dear", "provider": "anthropic", "input_cost_per_million": 15, "output_cost_per_million": 75},
            {"model": "gpt-paid", "provider": "openai", "input_cost_per_million": 1, "output_cost_per_million": 2},
            {"model": "gemini-paid", "provider": "gemini", "input_cost_per_million": 1, "output_cost_per_million": 2}
          ],
          "proxy": {"upstreams": {"anthropic": "%s", "openai": "%s/openai", "gemini": "%s"}, "spool": "%s"},
          "budgets_fail_open": %s,
          "budgets": %s
        }
        """.formatted(upstream, upstream, upstream, dir.resolve("spool.ndjson"), failOpen, budgets);
    return Files.writeString(dir.resolve("cost-config.json"), json);
  }

  private static String root(CollectorService s) {
    return "http://127.0.0.1:" + s.port();
  }

  private static HttpResponse<String> post(CollectorService s, String path, byte[] body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(root(s) + path))
        .header("content-type", "application/json").header("x-api-key", "test-key")
        .header("x-cto-repository", "5dlabs/cto").header("x-cto-pr", "42").header("x-cto-agent", "rex")
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> anthropic(CollectorService s, String model) throws Exception {
    return post(s, "/proxy/anthropic/v1/messages", ("{\"model\":\"" + model + "\",\"max_tokens\":1000,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").getBytes(StandardCharsets.UTF_8));
  }

  /** The first budget as {@code GET /v1/budgets} shows it. */
  private static JsonNode budget(CollectorService s) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(root(s) + "/v1/budgets")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).get("budgets").get(0);
  }

  @Test
  void aCallWhoseUpstreamFailsGivesItsReservationBackAndALaterCallFittingTheLimitIsAdmitted() throws Exception {
    ScriptedUpstream up = ScriptedUpstream.start();
    open.add(up);
    // one call's worst case (~$0.00205) fits, two do not: a hold left behind would refuse the next call
    CollectorService service = serve(new AppOptions(dir.resolve("costs.db"), null, config(up.root(), true, """
        [{"name": "tight", "scope": {"agent": "rex"}, "period": "day", "limit_usd": 0.003, "enforce": true}]""")));

    for (Mode failure : List.of(Mode.ERROR_500, Mode.DROP, Mode.CUT)) {
      up.mode.set(failure);
      int status;
      try {
        status = anthropic(service, "claude-paid").statusCode();
      } catch (IOException cut) {
        status = -1; // the answer was cut after its headers: the client sees a broken body
      }
      switch (failure) {
        case ERROR_500 -> assertThat(status).as("the upstream's 500, relayed").isEqualTo(500);
        case DROP -> assertThat(status).as("the upstream closed without answering").isEqualTo(502);
        default -> assertThat(status).as("an answer cut short").isIn(-1, 200);
      }
      up.mode.set(Mode.OK);
      HttpResponse<String> next = anthropic(service, "claude-paid");
      assertThat(next.statusCode()).as("the call after a %s: %s", failure, next.body()).isEqualTo(200);
      assertThat(next.headers().firstValue("x-cto-budget-name")).hasValue("tight");
    }
    assertThat(up.calls.get()).isEqualTo(6);

    // nothing is held once the leases have given their unused part back (idle 2 s)
    await("no reservation left").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
        .until(() -> budget(service).get("reserved_usd").decimalValue().signum() == 0);
    JsonNode b = budget(service);
    assertThat(b.get("spent_usd").decimalValue()).as("the three answered calls").isEqualByComparingTo("0.00009");
    assertThat(anthropic(service, "claude-paid").statusCode()).isEqualTo(200);
  }

  @Test
  void freeAndUnpricedModelsAreNeverRefusedByAnExhaustedBudget() throws Exception {
    ScriptedUpstream up = ScriptedUpstream.start();
    open.add(up);
    CollectorService service = serve(new AppOptions(dir.resolve("costs.db"), null, config(up.root(), true, """
        [{"name": "none-left", "scope": {}, "period": "day", "limit_usd": 0.001, "enforce": true}]""")));

    HttpResponse<String> paid = anthropic(service, "claude-paid");
    assertThat(paid.statusCode()).as("a priced call's worst case is past the limit").isEqualTo(429);
    for (String model : List.of("claude-free", "claude-no-such-model", "claude-free", "claude-no-such-model")) {
      HttpResponse<String> r = anthropic(service, model);
      assertThat(r.statusCode()).as("%s: %s", model, r.body()).isEqualTo(200);
      assertThat(r.headers().firstValue("x-cto-budget-name")).hasValue("none-left");
    }
    assertThat(up.calls.get()).isEqualTo(4);
    assertThat(anthropic(service, "claude-paid").statusCode()).isEqualTo(429);
  }

  @Test
  void geminiAndOpenAiResponsesRefusalsAreInTheirProvidersErrorShape() throws Exception {
    ScriptedUpstream up = ScriptedUpstream.start();
    open.add(up);
    CollectorService service = serve(new AppOptions(dir.resolve("costs.db"), null, config(up.root(), true, """
        [{"name": "none-left", "scope": {}, "period": "day", "limit_usd": 0.001, "enforce": true}]""")));

    HttpResponse<String> gemini = post(service, "/proxy/gemini/v1beta/models/gemini-paid:generateContent",
        "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}],\"generationConfig\":{\"maxOutputTokens\":1000}}"
            .getBytes(StandardCharsets.UTF_8));
    assertThat(gemini.statusCode()).isEqualTo(429);
    assertThat(gemini.headers().firstValue("x-should-retry")).hasValue("false");
    assertThat(gemini.headers().firstValue("content-type").orElse("")).startsWith("application/json");
    JsonNode g = JSON.readTree(gemini.body());
    assertThat(g.fieldNames()).toIterable().containsExactly("error");
    assertThat(g.at("/error/code").asInt()).isEqualTo(429);
    assertThat(g.at("/error/status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
    assertThat(g.at("/error/message").asText()).contains("'none-left'", "$0.001 limit");

    // the Responses API, Codex's default
    HttpResponse<String> responses = post(service, "/proxy/openai/v1/responses",
        "{\"model\":\"gpt-paid\",\"input\":\"hi\",\"max_output_tokens\":1000}".getBytes(StandardCharsets.UTF_8));
    assertThat(responses.statusCode()).isEqualTo(429);
    JsonNode o = JSON.readTree(responses.body());
    assertThat(o.at("/error/type").asText()).isEqualTo("insufficient_quota");
    assertThat(o.at("/error/code").asText()).isEqualTo("budget_exceeded");
    assertThat(o.at("/error/message").asText()).contains("'none-left'");
    assertThat(up.calls.get()).as("no refused call reached the upstream").isZero();
  }

  @Test
  void aLostStoreAnswers503WhenBudgetsFailClosedAndForwardsWhenTheyFailOpen() throws Exception {
    EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
    ScriptedUpstream up = ScriptedUpstream.start();
    open.add(up);
    String budgets = """
        [{"name": "roomy", "scope": {}, "period": "day", "limit_usd": 100, "enforce": true}]""";
    Path config = config(up.root(), false, budgets);
    CollectorService service = serve(new AppOptions(null, postgres.getJdbcUrl("postgres", "postgres"), config));
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger enforcer = (Logger) LoggerFactory.getLogger(BudgetEnforcer.class);
    enforcer.addAppender(log);
    open.add(() -> enforcer.detachAppender(log));
    postgres.close(); // the store is gone before the first call: no lease holds money yet

    HttpResponse<String> closed = anthropic(service, "claude-paid");
    assertThat(closed.statusCode()).as(closed.body()).isEqualTo(503);
    assertThat(closed.headers().firstValue("retry-after")).hasValue("5");
    JsonNode a = JSON.readTree(closed.body());
    assertThat(a.at("/type").asText()).isEqualTo("error");
    assertThat(a.at("/error/type").asText()).isEqualTo("api_error");
    assertThat(a.at("/error/message").asText()).contains("'roomy'", "unreachable", "budgets_fail_open is false");
    HttpResponse<String> openAi = post(service, "/proxy/openai/v1/responses",
        "{\"model\":\"gpt-paid\",\"input\":\"hi\",\"max_output_tokens\":1000}".getBytes(StandardCharsets.UTF_8));
    assertThat(openAi.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(openAi.body()).at("/error/code").asText()).isEqualTo("budget_store_unavailable");
    assertThat(anthropic(service, "claude-paid").statusCode()).isEqualTo(503);
    assertThat(up.calls.get()).isZero();
    assertThat(log.list).as("three refused calls, one log line")
        .filteredOn(e -> e.getFormattedMessage().contains("the store cannot be reached")).hasSize(1);

    config(up.root(), true, budgets); // re-read within a few seconds, no restart
    await("forwarded unchecked").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .until(() -> anthropic(service, "claude-paid").statusCode() == 200);
    assertThat(up.calls.get()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aLargeBodyWhoseModelComesAfterItsMessagesIsNotWavedThroughAsUnpriced() throws Exception {
    ScriptedUpstream up = ScriptedUpstream.start();
    open.add(up);
    // a 1.2 MB prompt: ~$0.42 of input at claude-paid's price, over $6 at claude-dear's
    CollectorService service = serve(new AppOptions(dir.resolve("costs.db"), null, config(up.root(), true, """
        [{"name": "two-dollars", "scope": {}, "period": "day", "limit_usd": 2, "enforce": true}]""")));
    String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(1_200_000) + "\"}]";

    HttpResponse<String> first = post(service, "/proxy/anthropic/v1/messages",
        ("{\"model\":\"claude-paid\",\"max_tokens\":1000," + messages + "}").getBytes(StandardCharsets.UTF_8));
    assertThat(first.statusCode()).as("named in its first MiB: judged at its own price").isEqualTo(200);

    HttpResponse<String> last = post(service, "/proxy/anthropic/v1/messages",
        ("{\"max_tokens\":1000," + messages + ",\"model\":\"claude-paid\"}").getBytes(StandardCharsets.UTF_8));
    assertThat(last.statusCode()).as("model past the first MiB: priced at anthropic's dearest").isEqualTo(429);
    assertThat(JSON.readTree(last.body()).at("/error/message").asText()).contains("'two-dollars'");
    assertThat(up.calls.get()).isEqualTo(1);
    assertThat(up.largestBody.get()).as("the admitted body went upstream whole").isGreaterThan(1_200_000L);
  }

  enum Mode { OK, ERROR_500, DROP, CUT }

  /**
   * A loopback Anthropic Messages upstream (also at {@code /openai/…} and Gemini's paths) that
   * answers as {@link #mode} says: a normal answer billing 10 + 10 tokens, a 500, a connection
   * closed with no answer, or an answer cut after its headers.
   */
  static final class ScriptedUpstream implements AutoCloseable {

    final AtomicReference<Mode> mode = new AtomicReference<>(Mode.OK);
    final AtomicLong calls = new AtomicLong();
    final AtomicLong largestBody = new AtomicLong();
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    private ScriptedUpstream(HttpServer server) {
      this.server = server;
    }

    static ScriptedUpstream start() throws IOException {
      ScriptedUpstream up = new ScriptedUpstream(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
      up.server.setExecutor(up.pool);
      up.server.createContext("/", up::answer);
      up.server.start();
      return up;
    }

    private void answer(HttpExchange exchange) throws IOException {
      byte[] request = exchange.getRequestBody().readAllBytes();
      largestBody.accumulateAndGet(request.length, Math::max);
      long n = calls.incrementAndGet();
      Mode now = mode.get();
      if (now == Mode.DROP) {
        exchange.close(); // nothing sent: closing the exchange drops the connection
        return;
      }
      if (now == Mode.ERROR_500) {
        byte[] body = "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"upstream broke\"}}"
            .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.sendResponseHeaders(500, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
        return;
      }
      String model = JSON.readTree(request).path("model").asText("claude-paid");
      byte[] body = """
          {"id": "msg_paths_%d", "type": "message", "role": "assistant", "model": "%s",
           "content": [{"type": "text", "text": "hello"}], "stop_reason": "end_turn", "stop_sequence": null,
           "usage": {"input_tokens": 10, "output_tokens": 10}}""".formatted(n, model).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("content-type", "application/json");
      if (now == Mode.CUT) {
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body, 0, 20);
        exchange.getResponseBody().flush();
        exchange.close(); // fewer bytes than announced: the JDK server closes the connection
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    }

    String root() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
      pool.shutdownNow();
    }
  }
}
