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
    assertThatThrownBy(() -> CallAttribution.of(Map.of("x-cto-pr", "seven")::get, Map.of())).hasMessageContaining("whole numbers");
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
