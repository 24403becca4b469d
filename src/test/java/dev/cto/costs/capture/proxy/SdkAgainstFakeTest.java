package dev.cto.costs.capture.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official SDKs pointed straight at the fake upstream get exactly the canned answers. This is
 * what makes the proxy tests mean something: the fake speaks the wire format the real clients
 * parse, the harness reports what they yield, and streams really stream.
 */
class SdkAgainstFakeTest {

  static final Map<String, String> HEADERS = Map.of("X-CTO-PR", "42", "X-CTO-Agent", "rex");
  private static FakeProviderServer fake;

  @BeforeAll
  static void startFake() {
    fake = FakeProviderServer.start();
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @BeforeEach
  void needsNode() {
    SdkClient.assumeNode();
    fake.clear();
  }

  private static JsonNode direct(Scenario s) {
    String root = s.sdk == Scenario.Sdk.OPENAI ? fake.openAiBaseUrl() : fake.anthropicBaseUrl();
    return SdkClient.call(s, SdkClient.baseUrl(s.sdk, root), HEADERS);
  }

  @ParameterizedTest
  @EnumSource(names = {"ANTHROPIC_JSON", "OPENAI_JSON", "OPENAI_RESPONSES_JSON"})
  void aJsonAnswerIsWhatTheClientGets(Scenario s) {
    JsonNode out = direct(s);

    assertThat(out.path("error").isMissingNode()).as("no error: %s", out).isTrue();
    assertThat(out.get("status").asInt()).isEqualTo(200);
    SdkExpectations.assertSameJson(out.get("response"), SdkExpectations.response(s));
    assertThat(out.get("request_id").asText()).isEqualTo(s.requestId());
    // node's fetch accepts gzip, so the fake compressed the body and the SDK still read it
    assertThat(out.get("headers").get("content-encoding").asText()).isEqualTo("gzip");
  }

  @ParameterizedTest
  @EnumSource(names = {"ANTHROPIC_STREAM", "OPENAI_STREAM", "OPENAI_STREAM_WITH_USAGE", "OPENAI_RESPONSES_STREAM"})
  void aStreamYieldsEveryEventAsSentAndOverTime(Scenario s) {
    JsonNode out = direct(s);

    assertThat(out.path("error").isMissingNode()).as("no error: %s", out).isTrue();
    assertThat(out.get("headers").get("content-type").asText()).isEqualTo("text/event-stream; charset=utf-8");
    assertThat(out.get("request_id").asText()).isEqualTo(s.requestId());
    SdkExpectations.assertSameJson(out.get("events"), SdkExpectations.events(s, s == Scenario.OPENAI_STREAM_WITH_USAGE));
    assertStreamedOverTime(out);
  }

  @Test
  void includeUsageIsHonouredExactlyAsOpenAiDoes() {
    JsonNode without = direct(Scenario.OPENAI_STREAM).get("events");
    JsonNode with = direct(Scenario.OPENAI_STREAM_WITH_USAGE).get("events");

    // without it: no usage anywhere; with it: "usage": null on every chunk, then one usage chunk
    without.forEach(chunk -> assertThat(chunk.has("usage")).as("%s", chunk).isFalse());
    for (int i = 0; i < with.size() - 1; i++) {
      assertThat(with.get(i).get("usage").isNull()).isTrue();
    }
    JsonNode last = with.get(with.size() - 1);
    assertThat(last.get("choices")).isEmpty();
    assertThat(last.get("usage").get("prompt_tokens_details").get("cached_tokens").asLong())
        .isEqualTo(Scenario.OPENAI_STREAM_WITH_USAGE.usage.cacheRead());
    assertThat(with.size()).isEqualTo(without.size() + 1);
  }

  @ParameterizedTest
  @EnumSource(names = {"ANTHROPIC_RATE_LIMITED", "ANTHROPIC_OVERLOADED", "OPENAI_RATE_LIMITED"})
  void anErrorReachesTheClientWithStatusAndBody(Scenario s) {
    JsonNode error = direct(s).get("error");

    assertThat(error.get("status").asInt()).isEqualTo(s.status);
    assertThat(error.get("class").asText()).isEqualTo(s.status == 529 ? "OverloadedError" : "RateLimitError");
    assertThat(error.get("body")).isEqualTo(SdkExpectations.errorBody(s));
    assertThat(error.get("request_id").asText()).isEqualTo(s.requestId());
    assertThat(error.get("headers").get("retry-after") != null).isEqualTo(s.status == 429);
  }

  @Test
  void aStreamCutMidwayFailsTheClientAfterTheEventsThatArrived() {
    Scenario s = Scenario.ANTHROPIC_STREAM_CUT;
    JsonNode out = direct(s);

    SdkExpectations.assertSameJson(out.get("events"), SdkExpectations.events(s, false));
    assertThat(out.get("events").get(0).get("message").get("usage").get("input_tokens").asLong()).isEqualTo(s.usage.input());
    // undici's verdict on a chunked body that stops without its last chunk
    assertThat(out.get("error").get("class").asText()).isEqualTo("TypeError");
    assertThat(out.get("error").get("message").asText()).isEqualTo("terminated");
  }

  @Test
  void theFakeRecordsTheRequestAsTheSdkSentIt() {
    direct(Scenario.ANTHROPIC_JSON);
    direct(Scenario.OPENAI_STREAM);

    RecordedRequest anthropic = fake.requestsFor(Scenario.ANTHROPIC_JSON).get(0);
    assertThat(anthropic.method()).isEqualTo("POST");
    assertThat(anthropic.path()).isEqualTo("/v1/messages");
    // this SDK version sends the key as a bearer token; older ones used x-api-key
    assertThat(anthropic.header("x-api-key") != null ? anthropic.header("x-api-key") : anthropic.header("authorization"))
        .endsWith("sk-test");
    assertThat(anthropic.header("anthropic-version")).isNotBlank();
    assertThat(anthropic.header("x-cto-pr")).isEqualTo("42");
    assertThat(anthropic.json().get("system").get(0).get("cache_control").get("type").asText()).isEqualTo("ephemeral");

    RecordedRequest openai = fake.requestsFor(Scenario.OPENAI_STREAM).get(0);
    assertThat(openai.path()).isEqualTo("/openai/v1/chat/completions");
    assertThat(openai.header("authorization")).isEqualTo("Bearer sk-test");
    assertThat(openai.header("x-cto-agent")).isEqualTo("rex");
    assertThat(openai.json().get("stream").asBoolean()).isTrue();
    assertThat(openai.json().has("stream_options")).isFalse();
  }

  /**
   * The events arrived spread over at least a third of the fake's pauses: the stream was not
   * buffered (a buffering proxy delivers them within a millisecond or two). A third, not all:
   * on a loaded 2-core CI machine a late first event shortens the spread by tens of milliseconds.
   * Shared with the proxy test, where a buffering proxy fails it.
   */
  static void assertStreamedOverTime(JsonNode out) {
    JsonNode times = out.get("event_times_ms");
    long spread = times.get(times.size() - 1).asLong() - times.get(0).asLong();
    long pauses = (times.size() - 1) * FakeProviderServer.EVENT_PAUSE.toMillis();
    assertThat(spread).as("ms between the first and the last event (%s)", times).isGreaterThanOrEqualTo(pauses / 3);
  }
}
