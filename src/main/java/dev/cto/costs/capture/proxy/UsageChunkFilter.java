package dev.cto.costs.capture.proxy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Forwards an OpenAI event stream event by event, leaving out what the proxy's include_usage added:
 * the usage-only chunk ({@code "choices": []} with {@code usage}) and the {@code "usage": null}
 * member of every other chunk. Everything else goes out byte for byte as soon as its blank line
 * arrives.
 */
final class UsageChunkFilter extends OutputStream {

  private final OutputStream client;
  private final ByteArrayOutputStream event = new ByteArrayOutputStream(1024);
  private int newlines; // consecutive line ends seen (a CR before LF does not break the run)

  UsageChunkFilter(OutputStream client) {
    this.client = client;
  }

  @Override
  public void write(int b) throws IOException {
    event.write(b);
    if (b == '\n') {
      newlines++;
      if (newlines == 2) {
        emit();
      }
    } else if (b != '\r') {
      newlines = 0;
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  @Override
  public void flush() throws IOException {
    client.flush();
  }

  /** The end of the stream: an unterminated last event goes out as it is. */
  @Override
  public void close() throws IOException {
    if (event.size() > 0) {
      client.write(event.toByteArray());
      event.reset();
    }
    client.flush();
  }

  private void emit() throws IOException {
    byte[] bytes = event.toByteArray();
    event.reset();
    newlines = 0;
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (!isUsageOnly(text)) {
      String kept = withoutNullUsage(text);
      // nothing taken out: the original bytes, whatever they were
      client.write(kept.length() == text.length() ? bytes : kept.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * The event without the {@code "usage": null} member that include_usage puts on every chunk
   * (OpenAI leaves it out when not asked), all other characters untouched.
   */
  static String withoutNullUsage(String event) {
    int data = event.startsWith("data: ") ? 6 : event.startsWith("data:") ? 5 : -1;
    int end = event.indexOf('\n');
    if (data < 0 || end < 0 || event.indexOf("data:", end) >= 0) {
      return event; // only the one-line data events OpenAI sends
    }
    int lineEnd = end > 0 && event.charAt(end - 1) == '\r' ? end - 1 : end;
    String json = event.substring(data, lineEnd);
    String stripped = removeNullUsage(json);
    return stripped == null ? event : event.substring(0, data) + stripped + event.substring(lineEnd);
  }

  /** The JSON object without a top-level {@code "usage": null}, or null when it has none. */
  private static String removeNullUsage(String json) {
    try (JsonParser p = UsageTap.JSON.getFactory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        // token starts are exact; ends are not (the parser reads strings lazily), except null's
        int nameStart = (int) p.currentTokenLocation().getCharOffset();
        boolean usage = "usage".equals(p.currentName());
        if (p.nextToken() == JsonToken.VALUE_NULL && usage) {
          int valueEnd = (int) p.currentLocation().getCharOffset();
          int before = nameStart - 1;
          while (Character.isWhitespace(json.charAt(before))) {
            before--;
          }
          if (json.charAt(before) == ',') { // drop ',"usage":null' after the previous member
            return json.substring(0, before) + json.substring(valueEnd);
          }
          String rest = json.substring(valueEnd).stripLeading(); // the first member: drop its comma
          return json.substring(0, nameStart) + (rest.startsWith(",") ? rest.substring(1).stripLeading() : rest);
        }
        p.skipChildren();
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null; // not JSON we understand: forward it as it is
    }
  }

  static boolean isUsageOnly(String event) {
    StringBuilder data = new StringBuilder();
    for (String line : event.split("\r?\n")) {
      if (line.startsWith("data:")) {
        data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
      }
    }
    if (data.isEmpty() || data.charAt(0) != '{') {
      return false;
    }
    try {
      JsonNode chunk = UsageTap.JSON.readTree(data.toString());
      JsonNode choices = chunk.get("choices");
      return choices != null && choices.isArray() && choices.isEmpty() && chunk.hasNonNull("usage");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
