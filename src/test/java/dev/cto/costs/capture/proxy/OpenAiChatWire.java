package dev.cto.costs.capture.proxy;

import dev.cto.costs.domain.TokenCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI Chat Completions on the wire ({@code POST /v1/chat/completions}): the completion, the
 * chunk stream ending in {@code data: [DONE]}, the error envelope.
 *
 * <p>{@code stream_options.include_usage} is honoured as OpenAI documents it: only then does an
 * extra chunk with empty {@code choices} and the {@code usage} come before {@code [DONE]}, and only
 * then do all other chunks carry {@code "usage": null}. A proxy that asks for usage on the client's
 * behalf must take both away again for the client to see what it asked for.
 */
final class OpenAiChatWire {

  static final List<String> TEXT = List.of("Hello", "! Grüße", " from the fake", " upstream ✓");
  static final long CREATED = 1_767_225_600L;

  private OpenAiChatWire() {}

  static Reply completions(Scenario s, RecordedRequest request, Duration pause) {
    if (!String.valueOf(request.header("authorization")).startsWith("Bearer ")) {
      return error(401, "You didn't provide an API key.", "invalid_request_error", null, s);
    }
    boolean streaming = request.json().path("stream").asBoolean(false);
    if (s.shape != Scenario.Shape.ERROR && streaming != (s.shape == Scenario.Shape.STREAM)) {
      return error(400, "fake: scenario " + s + " does not expect stream=" + streaming, "invalid_request_error", null, s);
    }
    boolean includeUsage = request.json().path("stream_options").path("include_usage").asBoolean(false);
    return switch (s.shape) {
      case JSON -> new Reply.Json(200, headers(s), completion(s));
      case STREAM, CUT_STREAM -> new Reply.Sse(headers(s), chunks(s, includeUsage), -1, pause);
      case ERROR -> scenarioError(s);
    };
  }

  /** The error an ERROR scenario answers with, whatever the request. */
  static Reply.Json scenarioError(Scenario s) {
    return error(429, "Rate limit reached for " + s.model() + " in organization org-fake on requests per min (RPM): "
        + "Limit 3, Used 3, Requested 1. Please try again in 20s.", "requests", "rate_limit_exceeded", s);
  }

  static Reply.Json error(int status, String message, String type, String code, Scenario s) {
    String body = Wire.compact("""
        {"error": {"message": "%s", "type": "%s", "param": null, "code": %s}}
        """.formatted(message, type, code == null ? "null" : "\"" + code + "\""));
    Map<String, String> headers = new LinkedHashMap<>(headers(s));
    if (status == 429) {
      headers.put("retry-after", "20");
      headers.put("x-ratelimit-limit-requests", "3");
      headers.put("x-ratelimit-remaining-requests", "0");
      headers.put("x-ratelimit-reset-requests", "20s");
    }
    return new Reply.Json(status, headers, body);
  }

  static Map<String, String> headers(Scenario s) {
    return Map.of(
        "x-request-id", s.requestId(),
        "openai-organization", "user-fake",
        "openai-processing-ms", "42",
        "openai-version", "2020-10-01");
  }

  static String usage(TokenCounts u) {
    long prompt = u.input() + u.cacheRead();
    return """
        {"prompt_tokens": %d, "completion_tokens": %d, "total_tokens": %d,
         "prompt_tokens_details": {"cached_tokens": %d, "audio_tokens": 0},
         "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
           "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}}
        """.formatted(prompt, u.output(), prompt + u.output(), u.cacheRead());
  }

  static String completion(Scenario s) {
    return Wire.compact("""
        {"id": "%s", "object": "chat.completion", "created": %d, "model": "%s",
         "choices": [{"index": 0, "message": {"role": "assistant", "content": "%s", "refusal": null, "annotations": []},
                      "logprobs": null, "finish_reason": "stop"}],
         "usage": %s, "service_tier": "default", "system_fingerprint": "fp_fake0001"}
        """.formatted(s.messageId, CREATED, s.model(), String.join("", TEXT), usage(s.usage)));
  }

  static List<SseEvent> chunks(Scenario s, boolean includeUsage) {
    List<SseEvent> chunks = new ArrayList<>();
    chunks.add(chunk(s, "{\"index\": 0, \"delta\": {\"role\": \"assistant\", \"content\": \"\", \"refusal\": null}, "
        + "\"logprobs\": null, \"finish_reason\": null}", includeUsage));
    for (String text : TEXT) {
      chunks.add(chunk(s, "{\"index\": 0, \"delta\": {\"content\": \"%s\"}, \"logprobs\": null, \"finish_reason\": null}"
          .formatted(text), includeUsage));
    }
    chunks.add(chunk(s, "{\"index\": 0, \"delta\": {}, \"logprobs\": null, \"finish_reason\": \"stop\"}", includeUsage));
    if (includeUsage) {
      chunks.add(SseEvent.data(Wire.compact(prefix(s) + "\"choices\": [], \"usage\": " + usage(s.usage) + "}")));
    }
    chunks.add(SseEvent.data("[DONE]"));
    return chunks;
  }

  private static SseEvent chunk(Scenario s, String choice, boolean includeUsage) {
    return SseEvent.data(Wire.compact(prefix(s) + "\"choices\": [" + choice + "]" + (includeUsage ? ", \"usage\": null" : "") + "}"));
  }

  private static String prefix(Scenario s) {
    return "{\"id\": \"%s\", \"object\": \"chat.completion.chunk\", \"created\": %d, \"model\": \"%s\", "
        .formatted(s.messageId, CREATED, s.model())
        + "\"service_tier\": \"default\", \"system_fingerprint\": \"fp_fake0001\", ";
  }
}
