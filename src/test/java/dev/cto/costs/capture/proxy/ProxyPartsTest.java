package dev.cto.costs.capture.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyPartsTest {

  @Test
  void routesCarryProviderPathAttributionAndUpstreamPath() {
    ProxyRoute r = ProxyRoute.parse("/proxy/anthropic/@pr=123,agent=rex,stage=code,iteration=2,repo=5dlabs%2Fcto/v1/messages");

    assertThat(r.provider()).isEqualTo(Provider.ANTHROPIC);
    assertThat(r.upstreamPath()).isEqualTo("/v1/messages");
    assertThat(r.pathAttribution()).containsEntry("pr", "123").containsEntry("agent", "rex").containsEntry("repo", "5dlabs/cto");
    assertThat(ProxyRoute.parse("/proxy/openai/v1/chat/completions").upstreamPath()).isEqualTo("/v1/chat/completions");
    assertThatThrownBy(() -> ProxyRoute.parse("/proxy/mistral/v1/chat")).hasMessageContaining("unknown provider 'mistral'");
    assertThatThrownBy(() -> ProxyRoute.parse("/proxy/openai/@pr/v1")).hasMessageContaining("key=value");
    // an unencoded owner/name slash would end the attribution and send "/cto,pr=42/v1/messages" upstream
    assertThatThrownBy(() -> ProxyRoute.parse("/proxy/anthropic/@repo=5dlabs/cto,pr=42/v1/messages"))
        .hasMessageContaining("written as %2F").hasMessageContaining("@repo=5dlabs");
    assertThatThrownBy(() -> ProxyRoute.parse("/proxy/anthropic/@pr=42,repository=5dlabs/cto/v1/messages"))
        .hasMessageContaining("written as %2F");
  }

  @Test
  void thePathWinsOverHeadersAndMissingAgentOrStageIsUnknown() {
    Map<String, String> headers = Map.of("x-cto-pr", "7", "x-cto-agent", "blaze", "x-cto-repository", "a/b", "x-cto-cli", "codex");
    CallAttribution a = CallAttribution.of(headers::get, Map.of("agent", "rex"));

    assertThat(a.attribution().prNumber()).isEqualTo(7L);
    assertThat(a.attribution().agent()).isEqualTo("rex");
    assertThat(a.attribution().stage()).isEqualTo("unknown");
    assertThat(a.attribution().repository()).isEqualTo("a/b");
    assertThat(a.cli()).isEqualTo("codex");
  }

  @Test
  void baggageAttributesWhenNoHeaderOrPathDoesAndIsReadDefensively() {
    Map<String, String> headers = Map.of("baggage",
        "tenant=acme, cto.repository=5dlabs%2Fcto ;ttl=3,cto.pr=77,cto.agent=cleo,cto.stage=review,cto.iteration=2,"
            + "cto.task=t%2B1,cto.cli=claude,cto.bogus", "x-cto-stage", "qa");
    CallAttribution a = CallAttribution.of(headers::get, Map.of("agent", "rex"));

    assertThat(a.attribution()).isEqualTo(new dev.cto.costs.domain.Attribution("5dlabs/cto", 77L, "rex", "qa", 2, "t+1"));
    assertThat(a.cli()).isEqualTo("claude");
    assertThat(a.replaced()).isEmpty();

    // values the record refuses are replaced as a header's are; bad encodings and oversized headers are ignored
    CallAttribution bad = CallAttribution.of(Map.of("baggage", "cto.pr=seven,cto.agent=%zz,cto.stage=co%1Bde")::get, Map.of());
    assertThat(bad.attribution()).isEqualTo(new dev.cto.costs.domain.Attribution(null, null, "unknown", "unknown", 1, null));
    assertThat(bad.replaced()).extracting(Replacement::field).containsExactlyInAnyOrder("pr_number", "stage");
    String huge = "cto.agent=rex," + "k=" + "v".repeat(9000);
    assertThat(CallAttribution.of(Map.of("baggage", huge)::get, Map.of()).attribution().agent()).isEqualTo("unknown");

    assertThat(W3cBaggage.withoutCto("tenant=acme;p=1, cto.pr=77,CTO.Agent=rex ,other=x")).isEqualTo("tenant=acme;p=1,other=x");
    assertThat(W3cBaggage.withoutCto("cto.pr=77,cto.agent=rex")).isNull();
  }

  @Test
  void aValueTheRecordRefusesIsReplacedAndNotedNeverThrown() {
    CallAttribution a = CallAttribution.of(Map.of("x-cto-pr", "seven", "x-cto-agent", "a".repeat(7000),
        "x-cto-repository", "not-a-repo", "x-cto-stage", "co\u001bde", "x-cto-iteration", "0")::get, Map.of());

    assertThat(a.attribution()).isEqualTo(new dev.cto.costs.domain.Attribution(null, null, "unknown", "unknown", 1, null));
    assertThat(a.replaced()).extracting(Replacement::field)
        .containsExactlyInAnyOrder("pr_number", "agent", "repository", "stage", "iteration");
    assertThat(a.replaced()).filteredOn(r -> r.field().equals("agent")).singleElement()
        .satisfies(r -> assertThat(r.problem()).isEqualTo("must be at most 100 characters, was 7000"));
    assertThat(Replacement.source(a.replaced())).isEqualTo("proxy; replaced 5 values");
    assertThat(Replacement.source(a.replaced().subList(0, 1))).isEqualTo("proxy; replaced " + a.replaced().get(0).field());
  }

  @Test
  void eachDistinctReplacedValueIsLoggedOnceWithinABoundedMemory() {
    ReplacementLog log = new ReplacementLog();
    Replacement agent = new Replacement("agent", "r\u001bx", "must not contain control characters", "unknown");

    assertThat(log.log(agent)).isTrue();
    assertThat(log.log(new Replacement("agent", "r\u001bx", "must not contain control characters", "unknown"))).isFalse();
    for (int i = 0; i < ReplacementLog.REMEMBERED; i++) {
      assertThat(log.log(new Replacement("agent", "x".repeat(5000) + i, "too long", "unknown"))).isTrue();
    }
    assertThat(log.log(agent)).as("forgotten after REMEMBERED others: the set is bounded").isTrue();
    assertThat(ReplacementLog.printable("r\u001bx\u0000")).isEqualTo("r\\u001Bx\\u0000");
  }

  @Test
  void includeUsageIsAskedForOnlyWhenAStreamingChatRequestDidNot() throws IOException {
    byte[] asked = IncludeUsage.inject(Provider.OPENAI, "/v1/chat/completions",
        "{\"model\":\"gpt-5\",\"stream\":true,\"messages\":[]}".getBytes(StandardCharsets.UTF_8));
    assertThat(UsageTap.JSON.readTree(asked).path("stream_options").path("include_usage").asBoolean()).isTrue();
    assertThat(IncludeUsage.inject(Provider.OPENAI, "/v1/chat/completions",
        "{\"stream\":true,\"stream_options\":{\"include_usage\":true}}".getBytes(StandardCharsets.UTF_8))).isNull();
    assertThat(IncludeUsage.inject(Provider.OPENAI, "/v1/chat/completions", "{\"stream\":false}".getBytes(StandardCharsets.UTF_8))).isNull();
    assertThat(IncludeUsage.inject(Provider.ANTHROPIC, "/v1/messages", "{\"stream\":true}".getBytes(StandardCharsets.UTF_8))).isNull();
  }

  @Test
  void theUsageChunkFilterDropsOnlyTheUsageOnlyChunkAndKeepsEveryOtherByte() throws IOException {
    String keep1 = "data: {\"id\":\"c\",\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n";
    String usage = "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2}}\r\n\r\n";
    String done = "data: [DONE]\n\n";
    ByteArrayOutputStream client = new ByteArrayOutputStream();
    UsageChunkFilter filter = new UsageChunkFilter(client);
    byte[] all = (keep1 + usage + done).getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < all.length; i += 3) {
      filter.write(all, i, Math.min(3, all.length - i));
    }
    filter.close();

    assertThat(client.toString(StandardCharsets.UTF_8)).isEqualTo(keep1 + done);
  }
}
