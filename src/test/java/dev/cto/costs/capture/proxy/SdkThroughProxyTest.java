package dev.cto.costs.capture.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.web.ServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official SDKs through the proxy of a real collector service, whose upstreams are the fake:
 * each call is made once directly and once through {@code /proxy/...}, and the client must get the
 * same thing both times while the store gets exactly the usage the fake reported, attributed to
 * the PR, agent, stage and iteration the client named.
 */
class SdkThroughProxyTest {

  static final Map<String, String> ATTRIBUTION_HEADERS = Map.of(
      "X-CTO-Repository", "5dlabs/cto", "X-CTO-PR", "4242", "X-CTO-Agent", "rex", "X-CTO-Stage", "code",
      "X-CTO-Iteration", "3", "X-CTO-Task", "task-17", "X-CTO-CLI", "claude");
  static final Attribution FROM_HEADERS = new Attribution("5dlabs/cto", 4242L, "rex", "code", 3, "task-17");

  private static FakeProviderServer fake;
  @TempDir Path dir;
  private CollectorService service;
  private StoreProbe store;

  @BeforeAll
  static void startFake() {
    fake = FakeProviderServer.start();
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @BeforeEach
  void startService() throws IOException {
    SdkClient.assumeNode();
    fake.clear();
    Path config = Files.writeString(dir.resolve("cost-config.json"), ProxyTestConfig.json(fake, dir.resolve("spool.ndjson")));
    Path db = dir.resolve("costs.db");
    service = CollectorService.start(new AppOptions(db, null, config),
        new ServerOptions("127.0.0.1", 0, List.of(), ServerOptions.DEFAULT_MAX_BODY, ServerOptions.DEFAULT_MAX_RECORDS, 14));
    store = new StoreProbe(db);
  }

  @AfterEach
  void stopService() {
    if (store != null) {
      store.close();
    }
    if (service != null) {
      service.close();
    }
  }

  private JsonNode direct(Scenario s, Map<String, String> headers) {
    String root = s.sdk == Scenario.Sdk.OPENAI ? fake.openAiBaseUrl() : fake.anthropicBaseUrl();
    return SdkClient.call(s, SdkClient.baseUrl(s.sdk, root), headers);
  }

  private JsonNode viaProxy(Scenario s, String pathAttribution, Map<String, String> headers) {
    String root = "http://127.0.0.1:" + service.port() + "/proxy/" + s.sdk.id + pathAttribution;
    return SdkClient.call(s, SdkClient.baseUrl(s.sdk, root), headers);
  }

  /** Direct, then through the proxy with the attribution headers: the client got the same both times. */
  private JsonNode sameBothWays(Scenario s) {
    JsonNode direct = direct(s, ATTRIBUTION_HEADERS);
    JsonNode proxied = viaProxy(s, "", ATTRIBUTION_HEADERS);
    assertThat(SdkExpectations.withoutTimings(proxied))
        .as("what the %s SDK got through the proxy vs directly", s.sdk.id)
        .isEqualTo(SdkExpectations.withoutTimings(direct));
    return proxied;
  }

  /** The upstream saw the proxied request as the SDK sent it, minus our headers. */
  private RecordedRequest assertForwardedUnchanged(Scenario s) {
    List<RecordedRequest> seen = fake.requestsFor(s);
    assertThat(seen).as("requests for %s (direct, then proxied)", s).hasSize(2);
    RecordedRequest direct = seen.get(0);
    RecordedRequest proxied = seen.get(1);
    assertThat(proxied.headers().keySet()).as("headers the upstream got").noneMatch(h -> h.startsWith("x-cto-"));
    assertThat(direct.headers().keySet()).as("the direct call carried them").anyMatch(h -> h.startsWith("x-cto-"));
    assertThat(proxied.path()).isEqualTo(direct.path());
    assertThat(proxied.header("authorization")).as("the API key passes through").isEqualTo(direct.header("authorization"));
    assertThat(proxied.header("x-api-key")).isEqualTo(direct.header("x-api-key"));
    assertThat(proxied.header("anthropic-version")).isEqualTo(direct.header("anthropic-version"));
    assertThat(proxied.header("user-agent")).isEqualTo(direct.header("user-agent"));
    if (s != Scenario.OPENAI_STREAM) { // the one request the proxy has to change
      assertThat(proxied.json()).isEqualTo(direct.json());
    }
    return proxied;
  }

  private static void assertRecorded(PricedUsage r, Scenario s, Attribution who, String cli) {
    assertThat(r.id()).isEqualTo(s.messageId);
    assertThat(r.record().model()).isEqualTo(s.model());
    assertThat(r.record().tokens()).as("tokens by kind (input, output, cache 5m, cache 1h, cache read)").isEqualTo(s.usage);
    assertThat(r.attribution()).isEqualTo(who);
    assertThat(r.record().cli()).isEqualTo(cli);
    assertThat(r.provider()).isEqualTo(s.sdk.id);
    assertThat(r.priced()).as("priced with the test config's prices").isTrue();
    assertThat(r.cost()).isEqualTo(ProxyTestConfig.expectedCost(s.usage));
  }

  @ParameterizedTest
  @EnumSource(names = {"ANTHROPIC_JSON", "OPENAI_JSON", "OPENAI_RESPONSES_JSON"})
  void aJsonCallPassesThroughAndItsUsageIsStored(Scenario s) {
    sameBothWays(s);

    assertRecorded(store.awaitRecord(s.messageId), s, FROM_HEADERS, "claude");
    assertForwardedUnchanged(s);
    assertThat(store.records()).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(names = {"ANTHROPIC_STREAM", "OPENAI_STREAM_WITH_USAGE", "OPENAI_RESPONSES_STREAM"})
  void aStreamPassesThroughEventByEventAndItsUsageIsStored(Scenario s) {
    JsonNode proxied = sameBothWays(s);

    assertRecorded(store.awaitRecord(s.messageId), s, FROM_HEADERS, "claude");
    assertForwardedUnchanged(s);
    assertThat(store.records()).hasSize(1);
    streamedOverTime(proxied, s);
  }

  @Test
  void anOpenAiStreamWithoutIncludeUsageGetsItsUsageRecordedAndTheClientSeesTheStreamItAskedFor() {
    Scenario s = Scenario.OPENAI_STREAM;
    JsonNode direct = direct(s, ATTRIBUTION_HEADERS);
    JsonNode proxied = viaProxy(s, "", ATTRIBUTION_HEADERS);

    // the proxy asked for usage on the client's behalf, and changed nothing else in the request
    RecordedRequest upstream = assertForwardedUnchanged(s);
    assertThat(upstream.json().at("/stream_options/include_usage").asBoolean()).isTrue();
    ObjectNode asked = upstream.json().deepCopy();
    asked.remove("stream_options");
    assertThat(asked).isEqualTo(fake.requestsFor(s).get(0).json());
    assertRecorded(store.awaitRecord(s.messageId), s, FROM_HEADERS, "claude");

    JsonNode events = proxied.get("events");
    assertThat(events).as("no usage-only chunk reaches the client").noneMatch(e -> e.path("choices").isEmpty());
    assertThat(events).as("chunks without a usage field, as OpenAI sends them when not asked").noneMatch(e -> e.has("usage"));
    assertThat(SdkExpectations.withoutTimings(proxied)).isEqualTo(SdkExpectations.withoutTimings(direct));
    streamedOverTime(proxied, s);
  }

  /**
   * The client saw the events spread over time, as the upstream paused between them, so the proxy
   * did not hold the stream back. On a loaded machine the Node client itself can be descheduled
   * for the whole stream and read every event at once; a proxy that buffers fails every time, so
   * one more proxied call (after every other check of the test) tells the two apart.
   */
  private void streamedOverTime(JsonNode proxied, Scenario s) {
    try {
      SdkAgainstFakeTest.assertStreamedOverTime(proxied);
    } catch (AssertionError stalled) {
      SdkAgainstFakeTest.assertStreamedOverTime(viaProxy(s, "", ATTRIBUTION_HEADERS));
    }
  }

  @Test
  void errorsPassThroughWithStatusAndBodyAndCostNothing() {
    List<Scenario> errors = List.of(Scenario.ANTHROPIC_RATE_LIMITED, Scenario.ANTHROPIC_OVERLOADED, Scenario.OPENAI_RATE_LIMITED);
    for (Scenario s : errors) {
      JsonNode error = sameBothWays(s).get("error");
      assertThat(error.get("status").asInt()).isEqualTo(s.status);
      assertThat(error.get("body")).isEqualTo(SdkExpectations.errorBody(s));
      assertForwardedUnchanged(s);
    }

    // records are written after the response: one successful call after the errors, once stored,
    // shows that whatever the errors left behind is in the store by now too
    viaProxy(Scenario.ANTHROPIC_JSON, "", ATTRIBUTION_HEADERS);
    store.awaitRecord(Scenario.ANTHROPIC_JSON.messageId);
    assertThat(store.records()).filteredOn(r -> !r.id().equals(Scenario.ANTHROPIC_JSON.messageId))
        .as("records of error calls (an error has no usage)")
        .allMatch(r -> r.record().tokens().equals(TokenCounts.ZERO) && r.cost().equals(Usd.ZERO));
  }

  @Test
  void aStreamCutMidwayFailsTheClientAsDirectlyAndTheTokensReportedBeforeTheCutAreStored() {
    Scenario s = Scenario.ANTHROPIC_STREAM_CUT;
    JsonNode proxied = sameBothWays(s);

    assertThat(proxied.get("error").get("message").asText()).isEqualTo("terminated");
    assertThat(proxied.get("events")).hasSize(SdkExpectations.events(s, false).size());
    assertRecorded(store.awaitRecord(s.messageId), s, FROM_HEADERS, "claude");
  }

  @Test
  void attributionInThePathServesClientsThatCanOnlySetABaseUrl() {
    Scenario s = Scenario.ANTHROPIC_JSON;
    JsonNode direct = direct(s, Map.of());
    JsonNode proxied = viaProxy(s, "/@pr=123,agent=rex,stage=code,iteration=2", Map.of());

    assertThat(proxied).isEqualTo(direct);
    assertThat(fake.requestsFor(s).get(1).path()).as("the prefix is not forwarded").isEqualTo("/v1/messages");
    assertRecorded(store.awaitRecord(s.messageId), s, new Attribution(null, 123L, "rex", "code", 2, null), null);
  }

  @Test
  void headersAndPathTogether() {
    // the path names the PR and stage; the headers fill in the rest
    Scenario s = Scenario.OPENAI_RESPONSES_JSON;
    JsonNode proxied = viaProxy(s, "/@pr=77,stage=review", ATTRIBUTION_HEADERS);

    assertThat(proxied.path("error").isMissingNode()).as("%s", proxied).isTrue();
    assertRecorded(store.awaitRecord(s.messageId), s, new Attribution("5dlabs/cto", 77L, "rex", "review", 3, "task-17"), "claude");
  }
}
