package dev.cto.costs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.capture.proxy.FakeProviderServer;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.web.ServerOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link CostInterceptor} with a {@link BudgetGate} against a real {@code serve} (real HTTP on
 * 127.0.0.1), its model calls going to the loopback fake Anthropic provider: the call that would
 * pass the limit is refused before it is made, a failed call gives its reservation back, and 32
 * threads (through one service on SQLite, or two replicas on one embedded PostgreSQL) never spend
 * past the limit.
 */
class BudgetGateE2ETest {

  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final ExecutionContext REX = ExecutionContext.builder().repository("5dlabs/cto").prNumber(42)
      .agent("rex").stage("code").build();
  /**
   * 9,000 input and 256 output tokens at $1/M and $2/M: a worst case of $0.009512. The fake answers
   * claude-fake-json with 1,021 input, 211 output, 3,031 cache-write and 4,041 cache-read tokens:
   * $0.008515 (cache prices fall back to the input price).
   */
  private static final CallEstimate ESTIMATE = CallEstimate.of("claude-fake-json", 9_000, 256);
  private static final BigDecimal WORST = new BigDecimal("0.009512");
  private static final BigDecimal ACTUAL = new BigDecimal("0.008515");

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private Path config(String limit) throws IOException {
    return Files.writeString(dir.resolve("cost-config.json"), """
        {
          "extends_default_pricing": true,
          "pricing": [
            {"model": "claude-fake-model", "provider": "anthropic", "aliases": ["claude-fake-json"],
             "input_cost_per_million": 1, "output_cost_per_million": 2}
          ],
          "budgets": [{"name": "rex-daily", "scope": {"agent": "rex"}, "period": "day", "limit_usd": %s, "enforce": true}]
        }
        """.formatted(limit));
  }

  private CollectorService serve(AppOptions app) {
    CollectorService service = CollectorService.start(app,
        new ServerOptions("127.0.0.1", 0, List.of(), ServerOptions.DEFAULT_MAX_BODY, ServerOptions.DEFAULT_MAX_RECORDS, 14));
    open.add(service);
    return service;
  }

  private static String root(CollectorService s) {
    return "http://127.0.0.1:" + s.port();
  }

  private RemoteUsageSink sink(String root) {
    RemoteUsageSink sink = new RemoteUsageSink(RemoteSinkOptions.forCollector(root));
    open.add(sink);
    return sink;
  }

  /** The agent's model call: the Anthropic Messages API of the fake provider, over real HTTP. */
  private static JsonNode askFake(FakeProviderServer fake) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(fake.anthropicBaseUrl() + "/v1/messages"))
        .header("content-type", "application/json").header("x-api-key", "sk-test").header("anthropic-version", "2023-06-01")
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"model": "claude-fake-json", "max_tokens": 256, "messages": [{"role": "user", "content": "Say hello."}]}"""))
        .build();
    HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IOException("fake provider answered " + answer.statusCode() + ": " + answer.body());
    }
    return JSON.readTree(answer.body());
  }

  /**
   * The response's usage. The fake answers every call with one message id, so it is not used as the
   * record id (the collector would store the calls as one): each record gets its own.
   */
  private static CallUsage usageOf(JsonNode message) {
    JsonNode u = message.get("usage");
    return new CallUsage(new TokenCounts(u.get("input_tokens").asLong(), u.get("output_tokens").asLong(),
        u.get("cache_creation_input_tokens").asLong(), 0, u.get("cache_read_input_tokens").asLong()), null, "anthropic");
  }

  /** {spent, reserved} of rex-daily as {@code GET /v1/budgets} shows it. */
  private static BigDecimal[] rexDaily(String root) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(root + "/v1/budgets")).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode b = JSON.readTree(r.body()).get("budgets").get(0);
    return new BigDecimal[] {b.get("spent_usd").decimalValue(), b.get("reserved_usd").decimalValue()};
  }

  @Test
  void theCallThatWouldPassTheLimitIsRefusedBeforeItIsMadeAndAFailedCallGivesItsMoneyBack() throws Exception {
    FakeProviderServer fake = FakeProviderServer.start();
    open.add(fake);
    CollectorService service = serve(new AppOptions(dir.resolve("costs.db"), null, config("0.02")));
    RemoteUsageSink sink = sink(root(service));
    CostInterceptor costs = new CostInterceptor(sink, REX).withBudgets(BudgetGate.forCollector(root(service), null));

    // $0.02: a call holds its worst case ($0.009512) and settles to $0.008515
    JsonNode answer = costs.interceptWithinBudget(ESTIMATE, () -> askFake(fake), BudgetGateE2ETest::usageOf);
    assertThat(answer.path("type").asText()).isEqualTo("message");
    assertThatThrownBy(() -> costs.interceptWithinBudget(ESTIMATE, () -> {
      throw new IOException("the provider hung up");
    }, BudgetGateE2ETest::usageOf)).isInstanceOf(IOException.class).hasMessage("the provider hung up");
    BigDecimal[] afterFailure = rexDaily(root(service));
    assertThat(afterFailure[0].add(afterFailure[1])).as("the failed call's reservation was released")
        .isEqualByComparingTo(ACTUAL);
    // so the second fits ($0.008515 + $0.009512); after it $0.01703 is spent or held, and a third does not fit
    costs.interceptWithinBudget(ESTIMATE, () -> askFake(fake), BudgetGateE2ETest::usageOf);

    BudgetExceededException refused = (BudgetExceededException) org.assertj.core.api.Assertions.catchThrowable(
        () -> costs.interceptWithinBudget(ESTIMATE, () -> askFake(fake), BudgetGateE2ETest::usageOf));
    assertThat(refused).isNotNull();
    assertThat(refused.budget()).isEqualTo("rex-daily");
    assertThat(refused.limitUsd()).isEqualByComparingTo("0.02");
    assertThat(refused.spentUsd().add(refused.reservedUsd())).isEqualByComparingTo("0.01703");
    assertThat(refused.remainingUsd()).isEqualByComparingTo("0.00297");
    assertThat(refused.getMessage()).contains("'rex-daily'", "agent=rex", "$0.02 limit", "could cost up to $0.009512");
    assertThat(fake.requestCount()).as("the refused call was never made").isEqualTo(2);
    assertThat(costs.recorded()).isEqualTo(2);

    assertThat(sink.flush(Duration.ofSeconds(30))).isTrue();
    await("both records are spend, their reservations gone").atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200)).until(() -> {
          BigDecimal[] now = rexDaily(root(service));
          return now[0].compareTo(new BigDecimal("0.01703")) == 0 && now[1].signum() == 0;
        });
  }

  @Test
  void aGateThatCannotReachTheCollectorFailsOpenByDefaultOrClosedWhenAsked() throws Exception {
    FakeProviderServer fake = FakeProviderServer.start();
    open.add(fake);
    int deadPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      deadPort = s.getLocalPort(); // closed again: nothing listens there
    }
    BudgetGate open = BudgetGate.forCollector("http://127.0.0.1:" + deadPort, null);
    CostInterceptor lenient = new CostInterceptor(record -> { }, REX).withBudgets(open);
    assertThat(lenient.interceptWithinBudget(ESTIMATE, () -> askFake(fake), BudgetGateE2ETest::usageOf)).isNotNull();
    assertThat(open.unchecked()).isEqualTo(1);
    assertThat(fake.requestCount()).isEqualTo(1);

    CostInterceptor strict = new CostInterceptor(record -> { }, REX).withBudgets(open.failClosed());
    assertThatThrownBy(() -> strict.interceptWithinBudget(ESTIMATE, () -> askFake(fake), BudgetGateE2ETest::usageOf))
        .isInstanceOf(BudgetUnavailableException.class).hasMessageContaining("the collector cannot be reached");
    assertThat(fake.requestCount()).as("not made when the budgets cannot be checked").isEqualTo(1);
  }

  @Test
  void thirtyTwoThreadsThroughOneServiceOnSqliteNeverPassTheLimit() throws Exception {
    FakeProviderServer fake = FakeProviderServer.start();
    open.add(fake);
    CollectorService service = serve(new AppOptions(dir.resolve("costs.db"), null, config(LIMIT.toPlainString())));
    race(fake, List.of(root(service)));
  }

  @Test
  void thirtyTwoThreadsThroughTwoReplicasOnOnePostgresNeverPassTheLimitTogether() throws Exception {
    EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
    open.add(postgres);
    String url = postgres.getJdbcUrl("postgres", "postgres");
    FakeProviderServer fake = FakeProviderServer.start();
    open.add(fake);
    Path config = config(LIMIT.toPlainString());
    CollectorService one = serve(new AppOptions(null, url, config));
    CollectorService two = serve(new AppOptions(null, url, config));
    race(fake, List.of(root(one), root(two)));
  }

  private static final BigDecimal LIMIT = new BigDecimal("0.30");

  /** 32 threads, thread i through replica i mod n, each calling until its first refusal. */
  private void race(FakeProviderServer fake, List<String> roots) throws Exception {
    List<CostInterceptor> interceptors = new ArrayList<>();
    List<RemoteUsageSink> sinks = new ArrayList<>();
    for (String root : roots) {
      RemoteUsageSink sink = sink(root);
      sinks.add(sink);
      interceptors.add(new CostInterceptor(sink, REX).withBudgets(BudgetGate.forCollector(root, null)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(32);
    List<Future<Integer>> threads = new ArrayList<>();
    for (int t = 0; t < 32; t++) {
      CostInterceptor costs = interceptors.get(t % interceptors.size());
      threads.add(pool.submit(() -> {
        int made = 0;
        for (int call = 0; call < 100; call++) { // bounded: 32 × 100 calls is far past any limit here
          try {
            costs.interceptWithinBudget(ESTIMATE, () -> askFake(fake), BudgetGateE2ETest::usageOf);
            made++;
          } catch (BudgetExceededException e) {
            return made;
          }
        }
        throw new AssertionError("never refused after 100 calls");
      }));
    }
    int ok = 0;
    for (Future<Integer> t : threads) {
      ok += t.get(180, TimeUnit.SECONDS);
    }
    pool.shutdownNow();

    BigDecimal billed = ACTUAL.multiply(BigDecimal.valueOf(ok));
    System.out.printf("client budget race through %d replica(s): %d calls made, $%s billed of the $%s limit%n",
        roots.size(), ok, billed.toPlainString(), LIMIT.toPlainString());
    assertThat(fake.requestCount()).as("calls made are exactly the calls admitted").isEqualTo(ok);
    assertThat(billed).as("spend of %d calls", ok).isLessThanOrEqualTo(LIMIT);
    // no false refusals: at the last refusal, spend + reservations (each a call made, at most its
    // worst case) + one worst case passed the limit, so ok × worst > limit − worst
    assertThat(WORST.multiply(BigDecimal.valueOf(ok + 1L))).as("calls made of those the limit allows").isGreaterThan(LIMIT);
    for (RemoteUsageSink sink : sinks) {
      assertThat(sink.flush(Duration.ofSeconds(60))).isTrue();
    }
    await("every call made is spend in the store, nothing held").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250)).until(() -> {
          BigDecimal[] now = rexDaily(roots.get(0));
          return now[0].compareTo(billed) == 0 && now[1].signum() == 0;
        });
  }
}
