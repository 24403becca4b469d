package dev.cto.costs.capture.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cto.costs.domain.TokenCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Anthropic Messages API as it is on the wire ({@code POST /v1/messages}): the JSON message,
 * the SSE event sequence, the error envelope. Shapes follow the API reference and real captures,
 * including the fields the SDK does not need, so a proxy that drops or rewrites any of them shows.
 */
final class AnthropicWire {

  /** The reply's text in stream deltas; non-ASCII so a proxy that mangles UTF-8 shows. */
  static final List<String> TEXT = List.of("Hello", "! Grüße", " from the fake", " upstream ✓");

  private AnthropicWire() {}

  static Reply messages(Scenario s, RecordedRequest request, Duration pause) {
    JsonNode body = request.json();
    if (request.header("x-api-key") == null && request.header("authorization") == null) {
      return error(401, "authentication_error", "x-api-key header is required", s);
    }
    if (request.header("anthropic-version") == null) {
      return error(400, "invalid_request_error", "anthropic-version: header is required", s);
    }
    boolean streaming = body.path("stream").asBoolean(false);
    if (s.shape != Scenario.Shape.ERROR && streaming != (s.shape != Scenario.Shape.JSON)) {
      return error(400, "invalid_request_error", "fake: scenario " + s + " does not expect stream=" + streaming, s);
    }
    return switch (s.shape) {
      case JSON -> new Reply.Json(200, headers(s), message(s));
      case STREAM -> new Reply.Sse(headers(s), events(s), -1, pause);
      case CUT_STREAM -> new Reply.Sse(headers(s), events(s), events(s).size() / 2, pause);
      case ERROR -> scenarioError(s);
    };
  }

  /** The error an ERROR scenario answers with, whatever the request. */
  static Reply.Json scenarioError(Scenario s) {
    return s.status == 529
        ? error(529, "overloaded_error", "Overloaded", s)
        : error(429, "rate_limit_error", "This request would exceed your organization's rate limit of 50,000 input tokens per minute. "
            + "For details, refer to: https://docs.claude.com/en/api/rate-limits.", s);
  }

  static Reply.Json error(int status, String type, String message, Scenario s) {
    String body = Wire.compact("""
        {"type": "error", "error": {"type": "%s", "message": "%s"}, "request_id": "%s"}
        """.formatted(type, message, s.requestId()));
    Map<String, String> headers = new java.util.LinkedHashMap<>(headers(s));
    if (status == 429) {
      headers.put("retry-after", "17");
      headers.put("anthropic-ratelimit-input-tokens-limit", "50000");
      headers.put("anthropic-ratelimit-input-tokens-remaining", "0");
      headers.put("anthropic-ratelimit-input-tokens-reset", "2026-01-01T00:00:17Z");
    }
    if (status == 529) {
      headers.put("x-should-retry", "true");
    }
    return new Reply.Json(status, headers, body);
  }

  private static Map<String, String> headers(Scenario s) {
    return Map.of(
        "request-id", s.requestId(),
        "anthropic-organization-id", "3f6e0e4e-0000-4000-8000-00000000fa4e",
        "x-robots-tag", "none");
  }

  private static String usage(TokenCounts u, long output) {
    return """
        {"input_tokens": %d, "cache_creation_input_tokens": %d, "cache_read_input_tokens": %d,
         "cache_creation": {"ephemeral_5m_input_tokens": %d, "ephemeral_1h_input_tokens": %d},
         "output_tokens": %d, "service_tier": "standard"}
        """.formatted(u.input(), u.cacheCreation(), u.cacheRead(), u.cacheWrite5m(), u.cacheWrite1h(), output);
  }

  static String message(Scenario s) {
    return Wire.compact("""
        {"id": "%s", "type": "message", "role": "assistant", "model": "%s",
         "content": [{"type": "text", "text": "%s"}],
         "stop_reason": "end_turn", "stop_sequence": null, "usage": %s}
        """.formatted(s.messageId, s.model(), String.join("", TEXT), usage(s.usage, s.usage.output())));
  }

  /**
   * The streaming sequence: message_start carries the input and cache counts with output 1 (as the
   * API does), message_delta the cumulative counts at the end. A tap that adds the two counts up,
   * or takes output from message_start, stores the wrong output.
   */
  static List<SseEvent> events(Scenario s) {
    TokenCounts u = s.usage;
    List<SseEvent> events = new ArrayList<>();
    events.add(event("message_start", """
        {"type": "message_start", "message": {"id": "%s", "type": "message", "role": "assistant", "model": "%s",
         "content": [], "stop_reason": null, "stop_sequence": null, "usage": %s}}
        """.formatted(s.messageId, s.model(), usage(u, 1))));
    events.add(event("content_block_start", """
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}"""));
    events.add(event("ping", "{\"type\": \"ping\"}"));
    for (String text : TEXT) {
      events.add(event("content_block_delta", """
          {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "%s"}}
          """.formatted(text)));
    }
    events.add(event("content_block_stop", "{\"type\": \"content_block_stop\", \"index\": 0}"));
    events.add(event("message_delta", """
        {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": null},
         "usage": {"input_tokens": %d, "cache_creation_input_tokens": %d, "cache_read_input_tokens": %d, "output_tokens": %d}}
        """.formatted(u.input(), u.cacheCreation(), u.cacheRead(), u.output())));
    events.add(event("message_stop", "{\"type\": \"message_stop\"}"));
    return events;
  }

  private static SseEvent event(String name, String json) {
    return SseEvent.named(name, Wire.compact(json));
  }
}
