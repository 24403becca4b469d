package dev.cto.costs.capture.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.budget.CallShape;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the proxy reads from a request for its budget decision: model, output limit, size. */
class RequestShapeTest {

  private static CallShape shape(String path, String body, long declared) {
    return RequestShape.of(ProxyRoute.parse(path), body.getBytes(StandardCharsets.UTF_8), declared);
  }

  @Test
  void anthropicAndOpenAiRequestsGiveTheirModelAndOutputLimitWhereverTheyAre() {
    String anthropic = "{\"messages\":[{\"role\":\"user\",\"content\":\"max_tokens model\"}],\"max_tokens\":2048,"
        + "\"model\":\"claude-opus-4-5\",\"metadata\":{\"max_tokens\":1}}";
    assertThat(shape("/proxy/anthropic/v1/messages", anthropic, -1))
        .isEqualTo(new CallShape("claude-opus-4-5", 2048L, anthropic.length(), "anthropic", false));
    String chat = "{\"model\":\"gpt-5\",\"max_completion_tokens\":900}";
    assertThat(shape("/proxy/openai/v1/chat/completions", chat, -1)).isEqualTo(new CallShape("gpt-5", 900L, chat.length(), "openai", false));
    assertThat(shape("/proxy/openai/v1/responses", "{\"model\":\"gpt-5\",\"input\":\"hi\",\"max_output_tokens\":77}", -1).maxOutputTokens())
        .isEqualTo(77L);
    assertThat(shape("/proxy/openai/v1/chat/completions", "{\"model\":\"gpt-5\"}", -1).maxOutputTokens())
        .as("none given").isNull();
  }

  @Test
  void geminiNamesItsModelInThePathAndItsLimitInGenerationConfig() {
    String body = "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}],\"generationConfig\":{\"temperature\":0.2,\"maxOutputTokens\":512}}";
    assertThat(shape("/proxy/gemini/v1beta/models/gemini-2.5-pro:generateContent", body, -1))
        .isEqualTo(new CallShape("gemini-2.5-pro", 512L, body.length(), "gemini", false));
  }

  @Test
  void aBodyThatIsNotJsonHasNoModelAndABodyTooLargeToHoldIsSizedByItsLength() {
    assertThat(shape("/proxy/anthropic/v1/messages", "not json", -1)).isEqualTo(new CallShape(null, null, 8, "anthropic", false));
    byte[] head = new byte[RequestBody.HELD + 1];
    head[0] = '{';
    assertThat(RequestShape.of(ProxyRoute.parse("/proxy/anthropic/v1/messages"), head, 50_000_000L).inputBytes())
        .isEqualTo(50_000_000L);
  }

  /** A body past what the proxy holds, its messages first and {@code tail} after them. */
  private static byte[] large(String head, String tail) {
    StringBuilder b = new StringBuilder(head).append("\"messages\":[{\"role\":\"user\",\"content\":\"");
    b.append("x".repeat(RequestBody.HELD + 10)).append("\"}]").append(tail).append('}');
    byte[] whole = b.toString().getBytes(StandardCharsets.UTF_8);
    return java.util.Arrays.copyOf(whole, RequestBody.HELD + 1); // what RequestBody keeps of it
  }

  @Test
  void aBodyLargerThanItsHeadWhoseModelComesAfterTheMessagesSaysItsModelMayFollow() {
    ProxyRoute anthropic = ProxyRoute.parse("/proxy/anthropic/v1/messages");
    CallShape late = RequestShape.of(anthropic, large("{\"max_tokens\":100,", ",\"model\":\"claude-opus-4-5\""), 3_000_000L);
    assertThat(late.model()).isNull();
    assertThat(late.modelMayFollow()).isTrue();
    assertThat(late.provider()).isEqualTo("anthropic");
    assertThat(late.maxOutputTokens()).isEqualTo(100L);

    CallShape early = RequestShape.of(anthropic, large("{\"model\":\"claude-opus-4-5\",", ""), 3_000_000L);
    assertThat(early.model()).isEqualTo("claude-opus-4-5");
    assertThat(early.modelMayFollow()).isFalse();
    String small = "{\"messages\":[]}";
    assertThat(shape("/proxy/anthropic/v1/messages", small, -1).modelMayFollow()).as("read whole: it has none").isFalse();
    assertThat(RequestShape.of(ProxyRoute.parse("/proxy/gemini/v1beta/models/gemini-2.5-pro:generateContent"),
        large("{", ""), 3_000_000L).modelMayFollow()).as("Gemini names it in the path").isFalse();
  }
}
