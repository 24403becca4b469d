package dev.cto.costs.capture.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.client.BudgetExceededException;
import dev.cto.costs.client.BudgetGate;
import dev.cto.costs.client.BudgetReservation;
import dev.cto.costs.client.CallEstimate;
import dev.cto.costs.client.ExecutionContext;
import dev.cto.costs.web.ServerOptions;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One enforced budget, two ways to spend it: calls through the proxy (the official Anthropic SDK
 * against the loopback fake provider) and the Java client's reservations over HTTP. Each sees what
 * the other holds and spent: a client reservation makes the proxy refuse, the proxy's spend makes
 * the client refuse, and once the proxy's call is stored and its lease given back the client fits
 * exactly what is left.
 */
class ProxyAndClientShareABudgetE2ETest {

  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  /** The agent the SDK's calls name in their X-CTO-* headers (BudgetEnforcementE2ETest's PR_42). */
  private static final ExecutionContext REX = ExecutionContext.builder().repository("5dlabs/cto").prNumber(42)
      .agent("rex").stage("code").build();
  /** What the fake bills a claude-fake-json call at $1/M input (caches fall back to it) and $2/M output. */
  private static final BigDecimal PROXY_CALL = new BigDecimal("0.008515");

  @TempDir Path dir;
  private FakeProviderServer fake;
  private CollectorService service;

  @BeforeEach
  void needsNode() {
    SdkClient.assumeNode();
  }

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
    if (fake != null) {
      fake.close();
    }
  }

  @Test
  void proxyCallsAndClientReservationsDrawOnOneBudget() throws Exception {
    fake = FakeProviderServer.start();
    Path config = Files.writeString(dir.resolve("cost-config.json"), """
        {
          "extends_default_pricing": true,
          "pricing": [{"model": "claude-fake-model", "provider": "anthropic", "aliases": ["claude-fake-json"],
                       "input_cost_per_million": 1, "output_cost_per_million": 2}],
          "proxy": {"upstreams": {"anthropic": "%s"}, "spool": "%s"},
          "budgets": [{"name": "rex-daily", "scope": {"agent": "rex"}, "period": "day", "limit_usd": 0.02, "enforce": true}]
        }
        """.formatted(fake.anthropicBaseUrl(), dir.resolve("spool.ndjson")));
    service = CollectorService.start(new AppOptions(dir.resolve("costs.db"), null, config),
        new ServerOptions("127.0.0.1", 0, List.of(), ServerOptions.DEFAULT_MAX_BODY, ServerOptions.DEFAULT_MAX_RECORDS, 14));
    String root = "http://127.0.0.1:" + service.port();
    BudgetGate gate = BudgetGate.forCollector(root, null);

    // the client holds $0.0195 of the $0.02 (19,500 input tokens at $1/M): no room for a proxied call
    BudgetReservation big = gate.reserve(REX, new CallEstimate("claude-fake-json", 19_500, 0L));
    assertThat(big.held()).isTrue();
    assertThat(big.remainingUsd()).isEqualByComparingTo("0.0005");
    JsonNode refused = BudgetEnforcementE2ETest.sdkCalls(Scenario.Sdk.ANTHROPIC, List.of(root), 1, 1, "claude-fake-json", 256);
    assertThat(refused.get("refused").asInt()).isEqualTo(1);
    assertThat(refused.at("/first_refusal/class").asText()).isEqualTo("RateLimitError");
    assertThat(refused.at("/first_refusal/body/error/message").asText()).contains("'rex-daily'", "$0.0195 reserved");
    assertThat(fake.requestCount()).isZero();

    // released (the client's call failed): the proxied call goes, and its cost is spend
    assertThat(gate.release(big)).isTrue();
    JsonNode answered = BudgetEnforcementE2ETest.sdkCalls(Scenario.Sdk.ANTHROPIC, List.of(root), 1, 1, "claude-fake-json", 256);
    assertThat(answered.get("ok").asInt()).isEqualTo(1);
    assertThat(fake.requestCount()).isEqualTo(1);

    // the proxy's spend leaves $0.011485: the client's $0.0195 no longer fits
    BudgetExceededException e = catchThrowableOfType(
        () -> gate.reserve(REX, new CallEstimate("claude-fake-json", 19_500, 0L)), BudgetExceededException.class);
    assertThat(e).isNotNull();
    assertThat(e.budget()).isEqualTo("rex-daily");
    assertThat(e.spentUsd().add(e.reservedUsd())).as("the proxied call, spent or still held")
        .isGreaterThanOrEqualTo(PROXY_CALL);

    // once the proxy's record is stored and its lease has given back its headroom, exactly the rest fits
    await("the proxied call is spend, nothing held").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
        .until(() -> {
          JsonNode b = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(root + "/v1/budgets"))
              .build(), HttpResponse.BodyHandlers.ofString()).body()).get("budgets").get(0);
          return b.get("spent_usd").decimalValue().compareTo(PROXY_CALL) == 0 && b.get("reserved_usd").decimalValue().signum() == 0;
        });
    BudgetReservation rest = gate.reserve(REX, new CallEstimate("claude-fake-json", 11_485, 0L));
    assertThat(rest.held()).isTrue();
    assertThat(rest.remainingUsd()).isEqualByComparingTo("0");
    assertThat(catchThrowableOfType(() -> gate.reserve(REX, new CallEstimate("claude-fake-json", 1, 0L)),
        BudgetExceededException.class)).as("not a nano-dollar more").isNotNull();
  }
}
