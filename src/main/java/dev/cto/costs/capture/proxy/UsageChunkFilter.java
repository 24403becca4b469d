package dev.cto.costs.capture.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Forwards an OpenAI event stream event by event, leaving out the usage-only chunk ({@code
 * "choices": []} with {@code usage}) that the proxy asked for. Every other event goes out byte for
 * byte as soon as its blank line arrives.
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
    if (!isUsageOnly(new String(bytes, StandardCharsets.UTF_8))) {
      client.write(bytes);
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
