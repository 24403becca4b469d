package dev.cto.costs.capture.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.domain.TokenCounts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Every provider's response shapes, fed the way the proxy feeds them: in small arbitrary pieces. */
class UsageTapTest {

  private static Optional<CapturedUsage> feed(UsageTap tap, byte[] body) {
    for (int i = 0; i < body.length; i += 5) { // pieces that split lines, events and UTF-8
      tap.write(body, i, Math.min(5, body.length - i));
    }
    return tap.finish();
  }

  private static Optional<CapturedUsage> feed(UsageTap tap, String body) {
    return feed(tap, body.getBytes(StandardCharsets.UTF_8));
  }

  static final String ANTHROPIC_JSON = """
      {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
       "content":[{"type":"text","text":"héllo"}],"stop_reason":"end_turn",
       "usage":{"input_tokens":12,"cache_creation_input_tokens":300,"cache_read_input_tokens":4000,
                "cache_creation":{"ephemeral_5m_input_tokens":100,"ephemeral_1h_input_tokens":200},"output_tokens":55}}""";

  static final String ANTHROPIC_SSE = """
      event: message_start
      data: {"type":"message_start","message":{"id":"msg_02","type":"message","role":"assistant","model":"claude-opus-4-1","content":[],"usage":{"input_tokens":21,"cache_creation_input_tokens":7,"cache_read_input_tokens":900,"output_tokens":1}}}

      event: ping
      data: {"type": "ping"}

      event: content_block_delta
      data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}

      event: message_delta
      data: {"type":"message_delta","delta":{"stop_reason":null},"usage":{"output_tokens":10}}

      event: message_delta
      data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":42}}

      event: message_stop
      data: {"type":"message_stop"}

      """;

  @Test
  void anthropicJsonWithTheCacheWriteSplit() {
    CapturedUsage u = feed(new AnthropicTap("application/json", null), ANTHROPIC_JSON).orElseThrow();

    assertThat(u.id()).isEqualTo("msg_01");
    assertThat(u.model()).isEqualTo("claude-sonnet-4-5-20250929");
    assertThat(u.tokens()).isEqualTo(new TokenCounts(12, 55, 100, 200, 4000));
  }

  @Test
  void anthropicStreamTakesInputsFromTheStartAndTheLastCumulativeOutput() {
    CapturedUsage u = feed(new AnthropicTap("text/event-stream; charset=utf-8", null), ANTHROPIC_SSE).orElseThrow();

    assertThat(u.id()).isEqualTo("msg_02");
    assertThat(u.tokens()).isEqualTo(new TokenCounts(21, 42, 7, 0, 900));
  }

  @Test
  void aStreamCutAfterTheStartStillYieldsItsInputTokens() {
    String cut = ANTHROPIC_SSE.substring(0, ANTHROPIC_SSE.indexOf("event: message_delta"));

    assertThat(feed(new AnthropicTap("text/event-stream", null), cut).orElseThrow().tokens())
        .isEqualTo(new TokenCounts(21, 1, 7, 0, 900));
  }

  @Test
  void crlfLineEndsAndGzipBodiesAreRead() throws IOException {
    assertThat(feed(new AnthropicTap("text/event-stream", null), ANTHROPIC_SSE.replace("\n", "\r\n")).orElseThrow().tokens().output())
        .isEqualTo(42);
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      gz.write(ANTHROPIC_JSON.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(feed(new AnthropicTap("application/json", "gzip"), zipped.toByteArray()).orElseThrow().tokens().cacheRead())
        .isEqualTo(4000);
  }

  @Test
  void openAiChatMovesCachedPromptTokensToCacheReads() {
    String json = """
        {"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-2024-08-06","choices":[],
         "usage":{"prompt_tokens":2000,"completion_tokens":300,"total_tokens":2300,
                  "prompt_tokens_details":{"cached_tokens":1536},"completion_tokens_details":{"reasoning_tokens":100}}}""";

    CapturedUsage u = feed(new OpenAiTap("application/json", null), json).orElseThrow();

    assertThat(u.id()).isEqualTo("chatcmpl-1");
    assertThat(u.tokens()).isEqualTo(new TokenCounts(464, 300, 0, 0, 1536));
  }

  @Test
  void openAiStreamReadsTheUsageChunk() {
    String sse = """
        data: {"id":"chatcmpl-2","object":"chat.completion.chunk","model":"gpt-5","choices":[{"index":0,"delta":{"content":"a"}}],"usage":null}

        data: {"id":"chatcmpl-2","object":"chat.completion.chunk","model":"gpt-5","choices":[],"usage":{"prompt_tokens":80,"completion_tokens":9,"prompt_tokens_details":{"cached_tokens":0}}}

        data: [DONE]

        """;

    assertThat(feed(new OpenAiTap("text/event-stream", null), sse).orElseThrow())
        .isEqualTo(new CapturedUsage("chatcmpl-2", "gpt-5", new TokenCounts(80, 9, 0, 0, 0)));
  }

  @Test
  void openAiResponsesApiJsonAndStream() {
    String json = """
        {"id":"resp_1","object":"response","model":"gpt-5-codex","output":[],
         "usage":{"input_tokens":5000,"input_tokens_details":{"cached_tokens":4096},"output_tokens":700,"output_tokens_details":{"reasoning_tokens":600}}}""";
    assertThat(feed(new OpenAiTap("application/json", null), json).orElseThrow().tokens()).isEqualTo(new TokenCounts(904, 700, 0, 0, 4096));

    String sse = """
        event: response.created
        data: {"type":"response.created","response":{"id":"resp_2","model":"gpt-5","usage":null}}

        event: response.output_text.delta
        data: {"type":"response.output_text.delta","item_id":"msg_x","delta":"hi"}

        event: response.completed
        data: {"type":"response.completed","response":{"id":"resp_2","model":"gpt-5","usage":{"input_tokens":10,"input_tokens_details":{"cached_tokens":0},"output_tokens":3}}}

        """;
    assertThat(feed(new OpenAiTap("text/event-stream", null), sse).orElseThrow())
        .isEqualTo(new CapturedUsage("resp_2", "gpt-5", new TokenCounts(10, 3, 0, 0, 0)));
  }

  @Test
  void perplexityCountsCitationsAsInputAndReasoningAsOutput() {
    String json = """
        {"id":"pplx-1","model":"sonar-pro","choices":[],
         "usage":{"prompt_tokens":20,"completion_tokens":200,"total_tokens":220,"citation_tokens":1500,"num_search_queries":2,
                  "reasoning_tokens":50,"cost":{"total_cost":0.0123}}}""";

    assertThat(feed(new OpenAiTap("application/json", null), json).orElseThrow().tokens()).isEqualTo(new TokenCounts(1520, 250, 0, 0, 0));
  }

  @Test
  void geminiJsonSseAndStreamedArray() {
    String one = """
        {"candidates":[{"content":{"parts":[{"text":"x"}]}}],"modelVersion":"gemini-2.5-pro","responseId":"g-1",
         "usageMetadata":{"promptTokenCount":1200,"candidatesTokenCount":80,"thoughtsTokenCount":20,"cachedContentTokenCount":1000,"totalTokenCount":1300}}""";
    TokenCounts expected = new TokenCounts(200, 100, 0, 0, 1000);
    assertThat(feed(new GeminiTap("application/json", null), one).orElseThrow().tokens()).isEqualTo(expected);

    String partial = one.replace("\"candidatesTokenCount\":80", "\"candidatesTokenCount\":8").replace("\n", "");
    String sse = "data: " + partial + "\r\n\r\ndata: " + one.replace("\n", "") + "\r\n\r\n";
    assertThat(feed(new GeminiTap("text/event-stream", null), sse).orElseThrow().tokens()).isEqualTo(expected);

    String array = "[" + partial + ",\n" + one + "]";
    assertThat(feed(new GeminiTap("application/json", null), array).orElseThrow())
        .isEqualTo(new CapturedUsage("g-1", "gemini-2.5-pro", expected));
  }

  @Test
  void bodiesWithoutUsageYieldNothing() {
    assertThat(feed(new AnthropicTap("text/html", null), "<html>bad gateway</html>")).isEmpty();
    assertThat(feed(new OpenAiTap("application/json", null), "{\"error\":{\"message\":\"rate limited\"}}")).isEmpty();
  }
}
