package dev.cto.costs.capture.logs;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.collect.Rfc3339;
import java.time.Instant;

/** Reading log lines with Jackson, turning every way a line can be wrong into a reason. */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();
  static final JsonFactory FACTORY = MAPPER.getFactory();

  private Json() {}

  static JsonNode object(byte[] buf, int off, int len) throws BadLineException {
    JsonNode node;
    try {
      node = MAPPER.readTree(buf, off, len);
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

  /** Why a line is not JSON, without the parser's source excerpt (a whole log line). */
  static String reason(java.io.IOException e) {
    return e instanceof JacksonException j ? j.getOriginalMessage() : "unreadable: " + e.getMessage();
  }

  /** The token count at the parser's current value; the streaming twin of {@link #count(JsonNode, String)}. */
  static long count(JsonParser p, JsonToken value, String field) throws java.io.IOException, BadLineException {
    if (value == JsonToken.VALUE_NULL) {
      return 0;
    }
    if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
        || p.getLongValue() < 0) {
      String shown = value.isStructStart() ? value.asString() : p.getText();
      p.skipChildren();
      throw new BadLineException("unknown shape: " + field + " is not a token count: " + shown);
    }
    return p.getLongValue();
  }

  static Instant timestamp(JsonNode node) throws BadLineException {
    return instant(requireText(node, "timestamp", ""));
  }

  static Instant instant(String ts) throws BadLineException {
    if (ts == null || ts.isEmpty()) {
      throw new BadLineException("unknown shape: no timestamp");
    }
    Instant instant = Rfc3339.parse(ts); // the UTC form without the general parser: a fifth of an import's time
    if (instant == null) {
      throw new BadLineException("unknown shape: timestamp '" + ts + "'");
    }
    return instant;
  }

}
