package dev.cto.costs.capture.logs;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reading log lines with Jackson, turning every way a line can be wrong into a reason. */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static JsonNode object(byte[] buf, int len) throws BadLineException {
    JsonNode node;
    try {
      node = MAPPER.readTree(buf, 0, len);
    } catch (JacksonException e) {
      throw new BadLineException("malformed JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new BadLineException("unreadable: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new BadLineException("not a JSON object");
    }
    return node;
  }

  static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  static String requireText(JsonNode node, String field, String where) throws BadLineException {
    String v = text(node, field);
    if (v == null || v.isEmpty()) {
      throw new BadLineException("unknown shape: no " + where + field);
    }
    return v;
  }

  /** A token count: absent is 0 (older logs omit kinds they did not have), anything else must be a count. */
  static long count(JsonNode node, String field) throws BadLineException {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull()) {
      return 0;
    }
    if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
      throw new BadLineException("unknown shape: " + field + " is not a token count: " + v);
    }
    return v.asLong();
  }

  static Instant timestamp(JsonNode node) throws BadLineException {
    String ts = requireText(node, "timestamp", "");
    try {
      return Instant.parse(ts);
    } catch (DateTimeParseException e) {
      throw new BadLineException("unknown shape: timestamp '" + ts + "'");
    }
  }
}
