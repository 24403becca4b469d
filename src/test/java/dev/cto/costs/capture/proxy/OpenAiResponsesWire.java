package dev.cto.costs.capture.proxy;

import dev.cto.costs.domain.TokenCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAI Responses API on the wire ({@code POST /v1/responses}): the response object, and the
 * named event stream from {@code response.created} to {@code response.completed} (no
 * {@code [DONE]}). Usage comes only with the finished response: {@code input_tokens} includes the
 * cached part, {@code input_tokens_details.cached_tokens} says how much of it was cached.
 */
final class OpenAiResponsesWire {

  static final long CREATED = 1_767_225_601L;
  private static final Pattern TYPE = Pattern.compile("\\{\"type\": \"([^\"]+)\", ");

  private OpenAiResponsesWire() {}

  static Reply responses(Scenario s, RecordedRequest request, Duration pause) {
    if (!String.valueOf(request.header("authorization")).startsWith("Bearer ")) {
      return OpenAiChatWire.error(401, "You didn't provide an API key.", "invalid_request_error", null, s);
    }
    boolean streaming = request.json().path("stream").asBoolean(false);
    if (streaming != (s.shape == Scenario.Shape.STREAM)) {
      return OpenAiChatWire.error(400, "fake: scenario " + s + " does not expect stream=" + streaming,
          "invalid_request_error", null, s);
    }
    return streaming
        ? new Reply.Sse(OpenAiChatWire.headers(s), events(s), -1, pause)
        : new Reply.Json(200, OpenAiChatWire.headers(s), Wire.compact(response(s, "completed", true)));
  }

  private static String itemId(Scenario s) {
    return "msg_" + s.messageId.substring("resp_".length());
  }

  private static String text() {
    return String.join("", OpenAiChatWire.TEXT);
  }

  private static String usage(TokenCounts u) {
    long input = u.input() + u.cacheRead();
    return """
        {"input_tokens": %d, "input_tokens_details": {"cached_tokens": %d},
         "output_tokens": %d, "output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": %d}
        """.formatted(input, u.cacheRead(), u.output(), input + u.output());
  }

  private static String message(Scenario s, String status, String text) {
    String content = text == null ? "" : "{\"type\": \"output_text\", \"annotations\": [], \"logprobs\": [], \"text\": \"" + text + "\"}";
    return """
        {"id": "%s", "type": "message", "status": "%s", "role": "assistant", "content": [%s]}
        """.formatted(itemId(s), status, content);
  }

  /** The response object; in progress it has no output and {@code usage: null}. */
  static String response(Scenario s, String status, boolean finished) {
    return """
        {"id": "%s", "object": "response", "created_at": %d, "status": "%s", "background": false,
         "error": null, "incomplete_details": null, "instructions": null, "max_output_tokens": null,
         "model": "%s", "output": [%s], "parallel_tool_calls": true, "previous_response_id": null,
         "reasoning": {"effort": null, "summary": null}, "service_tier": "default", "store": true,
         "temperature": 1.0, "text": {"format": {"type": "text"}, "verbosity": "medium"},
         "tool_choice": "auto", "tools": [], "top_p": 1.0, "truncation": "disabled",
         "usage": %s, "user": null, "metadata": {}}
        """.formatted(s.messageId, CREATED, status, s.model(), finished ? message(s, "completed", text()) : "",
        finished ? usage(s.usage) : "null");
  }

  static List<SseEvent> events(Scenario s) {
    List<String> data = new ArrayList<>();
    data.add("{\"type\": \"response.created\", \"response\": " + response(s, "in_progress", false) + "}");
    data.add("{\"type\": \"response.in_progress\", \"response\": " + response(s, "in_progress", false) + "}");
    data.add("{\"type\": \"response.output_item.added\", \"output_index\": 0, \"item\": " + message(s, "in_progress", null) + "}");
    data.add(("{\"type\": \"response.content_part.added\", \"item_id\": \"%s\", \"output_index\": 0, \"content_index\": 0, "
        + "\"part\": {\"type\": \"output_text\", \"annotations\": [], \"logprobs\": [], \"text\": \"\"}}").formatted(itemId(s)));
    for (String delta : OpenAiChatWire.TEXT) {
      data.add(("{\"type\": \"response.output_text.delta\", \"item_id\": \"%s\", \"output_index\": 0, \"content_index\": 0, "
          + "\"delta\": \"%s\", \"logprobs\": []}").formatted(itemId(s), delta));
    }
    data.add(("{\"type\": \"response.output_text.done\", \"item_id\": \"%s\", \"output_index\": 0, \"content_index\": 0, "
        + "\"text\": \"%s\", \"logprobs\": []}").formatted(itemId(s), text()));
    data.add(("{\"type\": \"response.content_part.done\", \"item_id\": \"%s\", \"output_index\": 0, \"content_index\": 0, "
        + "\"part\": {\"type\": \"output_text\", \"annotations\": [], \"logprobs\": [], \"text\": \"%s\"}}").formatted(itemId(s), text()));
    data.add("{\"type\": \"response.output_item.done\", \"output_index\": 0, \"item\": " + message(s, "completed", text()) + "}");
    data.add("{\"type\": \"response.completed\", \"response\": " + response(s, "completed", true) + "}");

    List<SseEvent> events = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      // the type doubles as the SSE event name; every event carries its position right after it
      Matcher type = TYPE.matcher(data.get(i));
      if (!type.lookingAt()) {
        throw new IllegalStateException("no leading type in " + data.get(i));
      }
      String name = type.group(1);
      String json = "{\"type\": \"" + name + "\", \"sequence_number\": " + i + ", " + data.get(i).substring(type.end());
      events.add(SseEvent.named(name, Wire.compact(json)));
    }
    return events;
  }
}
