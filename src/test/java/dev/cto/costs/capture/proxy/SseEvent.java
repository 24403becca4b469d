package dev.cto.costs.capture.proxy;

import java.nio.charset.StandardCharsets;

/**
 * One server-sent event as the providers write it: Anthropic and the OpenAI Responses API name
 * their events ({@code event:} line), Chat Completions sends bare {@code data:} lines.
 *
 * @param event the event name, or null for a bare data event
 * @param data one line (compact JSON or {@code [DONE]})
 */
record SseEvent(String event, String data) {

  SseEvent {
    if (data.contains("\n")) {
      throw new IllegalArgumentException("an SSE data line cannot contain a newline: " + data);
    }
  }

  static SseEvent named(String event, String data) {
    return new SseEvent(event, data);
  }

  static SseEvent data(String data) {
    return new SseEvent(null, data);
  }

  byte[] wire() {
    String text = (event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
