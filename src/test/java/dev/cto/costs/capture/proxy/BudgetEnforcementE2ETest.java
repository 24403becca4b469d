package dev.cto.costs.capture.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.BudgetLedger.SpendScope;
import dev.cto.costs.store.jdbc.JdbcStore;
import dev.cto.costs.web.ServerOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Budget enforcement in the proxy of a real collector service, driven by the official Anthropic and
 * OpenAI SDKs (npm) with their default retries: a refusal is the SDK's rate-limit error naming the
 * budget, with no retry; every answer names the tightest budget and what is left of it; 32
 * concurrent clients (the Anthropic SDK, and the OpenAI SDK through one service), through one
 * service or two replicas on one PostgreSQL, stay within the limit.
 */
class BudgetEnforcementE2ETest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> PR_42 = Map.of("X-CTO-Repository", "5dlabs/cto", "X-CTO-PR", "42",
      "X-CTO-Agent", "rex");

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void needsNode() {
    SdkClient.assumeNode();
  }

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

  private Path config(String upstream, String budgets) throws IOException {
    String json = """
        {
          "extends_default_pricing": true,
          "pricing": [
            {"model": "claude-fake-model", "provider": "anthropic", "aliases": ["claude-fake-json"],
             "input_cost_per_million": 1, "output_cost_per_million": 2},
            {"model": "gpt-fake-model", "provider": "openai", "aliases": ["gpt-fake-json"],
             "input_cost_per_million": 1, "output_cost_per_million": 2},
            {"model": "claude-race", "provider": "anthropic", "input_cost_per_million": 3, "output_cost_per_million": 15},
            {"model": "gpt-race", "provider": "openai", "input_cost_per_million": 3, "output_cost_per_million": 15}
          ],
          "proxy": {"upstreams": {"anthropic": "%s", "openai": "%s/openai"}, "spool": "%s"},
          "budgets": %s
        }
        """.formatted(upstream, upstream, dir.resolve("spool.ndjson"), budgets);
    return Files.writeString(dir.resolve("cost-config.json"), json);
  }

  /** Runs {@code budget-calls.mjs}: the SDK's clients against the proxy, what they saw as JSON. */
  static JsonNode sdkCalls(Scenario.Sdk sdk, List<String> proxyRoots, int clients, int calls, String model,
      int maxTokens) throws Exception {
    String urls = String.join(",", proxyRoots.stream().map(root -> SdkClient.baseUrl(sdk, root + "/proxy/" + sdk.id)).toList());
    Path out = Files.createTempFile("budget-calls", ".json");
    Path err = Files.createTempFile("budget-calls", ".err");
    Process p = new ProcessBuilder("node", "budget-calls.mjs", sdk.id, urls, JSON.writeValueAsString(PR_42),
        String.valueOf(clients), String.valueOf(calls), model, String.valueOf(maxTokens))
        .directory(SdkClient.NODE_DIR.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("budget-calls.mjs finished; stderr: %s", Files.readString(err)).isTrue();
      assertThat(p.exitValue()).as("exit status; stderr: %s", Files.readString(err)).isZero();
      return JSON.readTree(Files.readString(out));
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static String root(CollectorService s) {
    return "http://127.0.0.1:" + s.port();
  }

  @ParameterizedTest
  @EnumSource(value = Scenario.Sdk.class)
  void theRefusalIsTheSdksRateLimitErrorNamingTheBudgetWithoutRetries(Scenario.Sdk sdk) throws Exception {
    FakeProviderServer fake = FakeProviderServer.start();
    open.add(fake);
    // one call of the json scenario costs $0.0038 (OpenAI) or $0.0085 (Anthropic) here: the second is refused
    CollectorService service = serve(new AppOptions(dir.resolve("costs.db"), null, config(fake.anthropicBaseUrl(), """
        [{"name": "pr-cap", "scope": {"pr": "*"}, "period": "pr", "limit_usd": 0.003, "enforce": true},
         {"name": "roomy-daily", "scope": {}, "period": "day", "limit_usd": 100}]""")));

    JsonNode seen = sdkCalls(sdk, List.of(root(service)), 1, 5, sdk.modelPrefix + "json", 256);

    assertThat(seen.get("other_errors")).isEmpty();
    assertThat(seen.get("ok").asInt()).isEqualTo(1);
    assertThat(seen.get("refused").asInt()).isEqualTo(1);
    assertThat(seen.get("attempts").asInt()).as("HTTP attempts: no retry of the refusal (SDK default: 2 retries)").isEqualTo(2);
    JsonNode okHeaders = seen.get("last_ok_headers");
    assertThat(okHeaders.path("x-cto-budget-name").asText()).isEqualTo("pr-cap");
    assertThat(new java.math.BigDecimal(okHeaders.path("x-cto-budget-remaining-usd").asText()))
        .as("0.003 less this call's worst case").isLessThan(new java.math.BigDecimal("0.003")).isNotNegative();

    JsonNode refusal = seen.get("first_refusal");
    assertThat(refusal.get("class").asText()).isEqualTo("RateLimitError");
    assertThat(refusal.get("status").asInt()).isEqualTo(429);
    assertThat(refusal.get("headers").path("x-should-retry").asText()).isEqualTo("false");
    assertThat(refusal.get("headers").path("retry-after").isMissingNode()).as("a PR's budget never starts over").isTrue();
    assertThat(refusal.get("headers").path("x-cto-budget-name").asText()).isEqualTo("pr-cap");
    String message;
    if (sdk == Scenario.Sdk.ANTHROPIC) {
      assertThat(refusal.at("/body/type").asText()).isEqualTo("error");
      assertThat(refusal.at("/body/error/type").asText()).isEqualTo("rate_limit_error");
      message = refusal.at("/body/error/message").asText();
    } else {
      assertThat(refusal.at("/body/type").asText()).isEqualTo("insufficient_quota");
      assertThat(refusal.at("/body/code").asText()).isEqualTo("budget_exceeded");
      message = refusal.at("/body/message").asText();
    }
    assertThat(message).contains("'pr-cap'", "pr=*", "5dlabs/cto#42", "spent", "$0.003 limit");
    assertThat(fake.requests()).as("the refused call never reached the provider").hasSize(1);
  }

  @Test
  void aPeriodicBudgetsRefusalSaysWhenItStartsOver() throws Exception {
    FakeProviderServer fake = FakeProviderServer.start();
    open.add(fake);
    CollectorService service = serve(new AppOptions(dir.resolve("costs.db"), null, config(fake.anthropicBaseUrl(), """
        [{"name": "daily", "scope": {"agent": "rex"}, "period": "day", "limit_usd": 0.0001, "enforce": true}]""")));

    JsonNode seen = sdkCalls(Scenario.Sdk.ANTHROPIC, List.of(root(service)), 1, 2, "claude-fake-json", 256);

    assertThat(seen.get("refused").asInt()).as("a first call's worst case is over the limit").isEqualTo(1);
    long retryAfter = seen.at("/first_refusal/headers/retry-after").asLong();
    assertThat(retryAfter).as("seconds to the next UTC midnight").isBetween(1L, 86_400L);
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void aRaisedLimitTakesEffectWithoutARestart() throws Exception {
    FakeProviderServer fake = FakeProviderServer.start();
    open.add(fake);
    String capped = """
        [{"name": "pr-cap", "scope": {"pr": "*"}, "period": "pr", "limit_usd": %s, "enforce": true}]""";
    CollectorService service = serve(new AppOptions(dir.resolve("costs.db"), null,
        config(fake.anthropicBaseUrl(), capped.formatted("0.003"))));
    assertThat(sdkCalls(Scenario.Sdk.ANTHROPIC, List.of(root(service)), 1, 3, "claude-fake-json", 256).get("ok").asInt())
        .isEqualTo(1);

    config(fake.anthropicBaseUrl(), capped.formatted("1.00")); // the service re-reads its config every 2 s

    await("a call admitted under the raised limit").atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> sdkCalls(Scenario.Sdk.ANTHROPIC, List.of(root(service)), 1, 1, "claude-fake-json", 256)
            .get("ok").asInt() == 1);
    assertThat(fake.requests()).hasSizeGreaterThanOrEqualTo(2);
  }

  /** 32 clients race one budget through one service (SQLite): the spend stays within the limit. */
  @Test
  void thirtyTwoConcurrentClientsStayWithinTheLimit() throws Exception {
    RaceUpstream upstream = RaceUpstream.start();
    open.add(upstream);
    Path db = dir.resolve("costs.db");
    CollectorService service = serve(new AppOptions(db, null, config(upstream.root(), RACE_BUDGET)));

    race(Scenario.Sdk.ANTHROPIC, "claude-race", List.of(root(service)), upstream, () -> spent(JdbcStore.openSqlite(db)));
  }

  /** The same race with the official OpenAI SDK (Chat Completions): its calls hold the limit as well. */
  @Test
  void thirtyTwoConcurrentOpenAiSdkClientsStayWithinTheLimit() throws Exception {
    RaceUpstream upstream = RaceUpstream.start();
    open.add(upstream);
    Path db = dir.resolve("costs.db");
    CollectorService service = serve(new AppOptions(db, null, config(upstream.root(), RACE_BUDGET)));

    race(Scenario.Sdk.OPENAI, "gpt-race", List.of(root(service)), upstream, () -> spent(JdbcStore.openSqlite(db)));
  }

  /** The same race through two replicas on one (embedded) PostgreSQL: together they stay within it. */
  @Test
  void twoReplicasOnOnePostgresStayWithinTheLimitTogether() throws Exception {
    EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
    open.add(postgres);
    String url = postgres.getJdbcUrl("postgres", "postgres");
    RaceUpstream upstream = RaceUpstream.start();
    open.add(upstream);
    Path config = config(upstream.root(), RACE_BUDGET);
    CollectorService one = serve(new AppOptions(null, url, config));
    CollectorService two = serve(new AppOptions(null, url, config));

    race(Scenario.Sdk.ANTHROPIC, "claude-race", List.of(root(one), root(two)), upstream,
        () -> spent(JdbcStore.openPostgres(url, null, null)));
  }

  /** $3 a day; a race call's worst case is ~$0.0151 (1,000 output tokens at $15/M and ~34 input tokens at $3/M). */
  private static final String RACE_BUDGET = """
      [{"name": "everything-daily", "scope": {}, "period": "day", "limit_usd": 3.00, "enforce": true}]""";
  private static final Usd LIMIT = Usd.of("3.00");
  /** What the race upstream bills per call: 10 input tokens at $3/M + 1,000 output tokens at $15/M. */
  private static final Usd ACTUAL = Usd.of("0.01503");

  private static void race(Scenario.Sdk sdk, String model, List<String> roots, RaceUpstream upstream,
      java.util.function.Supplier<Usd> spentInStore) throws Exception {
    JsonNode seen = sdkCalls(sdk, roots, 32, 30, model, 1_000);

    int ok = seen.get("ok").asInt();
    assertThat(seen.get("other_errors")).isEmpty();
    assertThat(seen.get("refused").asInt()).as("every client ends refused").isEqualTo(32);
    assertThat(seen.get("attempts").asInt()).as("no retries").isEqualTo(ok + 32);
    assertThat(upstream.calls()).as("the provider billed exactly the calls the clients got answers to").isEqualTo(ok);
    Usd billed = Usd.ofNanos(ACTUAL.nanos() * ok);
    System.out.printf("budget race (%s SDK) through %d replica(s): %d calls answered, $%s billed of the $%s limit%n",
        sdk.id, roots.size(), ok, billed.toPlainString(), LIMIT.toPlainString());
    assertThat(billed).as("spend of %d calls: within limit + one call", ok).isLessThanOrEqualTo(LIMIT.plus(ACTUAL));
    assertThat(billed).as("spend of %d calls: within the limit itself (each call reserves its worst case)", ok)
        .isLessThanOrEqualTo(LIMIT);
    // no false refusals beyond what calls in flight and the leases' last chunks explain
    assertThat(ok).as("calls answered of the %d the limit allows", LIMIT.nanos() / ACTUAL.nanos())
        .isGreaterThanOrEqualTo((int) (LIMIT.nanos() / ACTUAL.nanos()) - 64);
    await("the store holds every answered call").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
        .until(spentInStore::get, billed::equals);
  }

  private static Usd spent(JdbcStore store) {
    try (store) {
      return store.spent(SpendScope.ALL);
    }
  }

  /**
   * A loopback Anthropic Messages upstream that gives every answer its own message id (the shared
   * fake answers one id per scenario, and the proxy's records are idempotent by id, so a race
   * through it would count one call) and bills every call 10 input and max_tokens output tokens.
   */
  static final class RaceUpstream implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final AtomicLong calls = new AtomicLong();

    private RaceUpstream(HttpServer server) {
      this.server = server;
    }

    static RaceUpstream start() throws IOException {
      RaceUpstream up = new RaceUpstream(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
      up.server.setExecutor(up.pool);
      up.server.createContext("/v1/messages", exchange -> {
        JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
        long n = up.calls.incrementAndGet();
        try {
          Thread.sleep(5); // a little time in flight, so calls overlap
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        byte[] body = """
            {"id": "msg_race_%d", "type": "message", "role": "assistant", "model": "%s",
             "content": [{"type": "text", "text": "hello"}], "stop_reason": "end_turn", "stop_sequence": null,
             "usage": {"input_tokens": 10, "output_tokens": %d}}""".formatted(n, request.path("model").asText(),
            request.path("max_tokens").asLong()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.getResponseHeaders().set("request-id", "req_race_" + n);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      // the OpenAI Chat Completions shape, for the OpenAI SDK's race (the config's openai upstream is ROOT/openai)
      up.server.createContext("/openai/v1/chat/completions", exchange -> {
        JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
        long n = up.calls.incrementAndGet();
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        long output = request.path("max_completion_tokens").asLong(request.path("max_tokens").asLong());
        byte[] body = """
            {"id": "chatcmpl-race-%d", "object": "chat.completion", "created": 1764979200, "model": "%s",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": "hello"}, "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 10, "completion_tokens": %d, "total_tokens": %d}}""".formatted(n,
            request.path("model").asText(), output, 10 + output).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.getResponseHeaders().set("x-request-id", "req_race_" + n);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      up.server.start();
      return up;
    }

    String root() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long calls() {
      return calls.get();
    }

    @Override
    public void close() {
      server.stop(0);
      pool.shutdownNow();
    }
  }
}
