package dev.cto.costs.capture.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Reads a provider's usage from a copy of the response bytes as they are forwarded. Server-sent
 * events are read event by event as they pass; a plain body (JSON object, or Gemini's streamed JSON
 * array) and anything compressed are kept (up to a bound) and read once the response ends. Each
 * provider turns the JSON objects it sees into usage; the last word wins, because streams report
 * cumulative counts.
 */
abstract class UsageTap {

  static final ObjectMapper JSON = new ObjectMapper();
  /** Responses bigger than this are forwarded whole but not read for usage. */
  private static final int MAX_KEPT_BYTES = 32 << 20;

  private final boolean sse;
  private final String encoding;
  private final SseEvents events = new SseEvents(this::onData);
  private ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private boolean overflowed;

  UsageTap(String contentType, String contentEncoding) {
    this.sse = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
    this.encoding = contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
  }

  /** A copy of bytes just forwarded to the client. */
  final void write(byte[] bytes, int offset, int length) {
    if (sse && encoding.equals("identity")) {
      events.write(bytes, offset, length);
    } else if (!overflowed) {
      if (kept.size() + length > MAX_KEPT_BYTES) {
        overflowed = true;
        kept = null;
      } else {
        kept.write(bytes, offset, length);
      }
    }
  }

  /** The usage the response reported, if it reported any (an error or a cut-off stream may not). */
  final Optional<CapturedUsage> finish() {
    try {
      if (sse && encoding.equals("identity")) {
        events.finish();
      } else if (!overflowed) {
        byte[] body = decode(kept.toByteArray());
        if (sse) {
          events.write(body, 0, body.length);
          events.finish();
        } else if (body.length > 0) {
          JsonNode root = JSON.readTree(body);
          if (root != null && root.isArray()) {
            root.forEach(this::accept);
          } else if (root != null) {
            accept(root);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // not JSON (an HTML error page, a cut-off body): whatever was read before still counts
    }
    return captured();
  }

  private void onData(String data) {
    if (data.isEmpty() || data.equals("[DONE]")) {
      return;
    }
    try {
      accept(JSON.readTree(data));
    } catch (IOException | RuntimeException e) {
      // one unreadable event does not lose the others
    }
  }

  private byte[] decode(byte[] body) throws IOException {
    InputStream in = switch (encoding) {
      case "gzip", "x-gzip" -> new GZIPInputStream(new ByteArrayInputStream(body));
      case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(body));
      default -> null;
    };
    if (in == null) {
      return body;
    }
    try (in) {
      return in.readNBytes(MAX_KEPT_BYTES);
    }
  }

  /** One JSON object of the response (the whole body, an array element, or one event's data). */
  abstract void accept(JsonNode event);

  abstract Optional<CapturedUsage> captured();

  static long count(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.canConvertToLong() ? Math.max(0, v.asLong()) : 0;
  }

  static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }
}
