package dev.cto.costs.capture.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits a server-sent-events byte stream into events as bytes arrive (the WHATWG rules that
 * matter here: lines end in LF or CRLF, a blank line ends an event, {@code data:} lines of one event
 * are joined with LF, comments start with a colon). Each event's data goes to the consumer.
 */
final class SseEvents {

  private final Consumer<String> onData;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;

  SseEvents(Consumer<String> onData) {
    this.onData = onData;
  }

  void write(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      byte b = bytes[i];
      if (b == '\n') {
        endLine();
      } else {
        line.write(b);
      }
    }
  }

  /** The end of the stream also ends an event that had no blank line after it. */
  void finish() {
    if (line.size() > 0) {
      endLine();
    }
    dispatch();
  }

  private void endLine() {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    if (text.isEmpty()) {
      dispatch();
    } else if (text.startsWith("data:")) {
      if (hasData) {
        data.append('\n');
      }
      data.append(text.startsWith("data: ") ? text.substring(6) : text.substring(5));
      hasData = true;
    }
  }

  private void dispatch() {
    if (hasData) {
      onData.accept(data.toString());
    }
    data.setLength(0);
    hasData = false;
  }
}
