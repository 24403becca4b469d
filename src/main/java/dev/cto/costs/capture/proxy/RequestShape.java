package dev.cto.costs.capture.proxy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cto.costs.budget.CallShape;
import java.io.IOException;

/**
 * Reads what a budget needs from a request before it is forwarded: the model, the output limit and
 * the body's size. Only the body's first {@link RequestBody#HELD} bytes are read: when they name no
 * model, the call says so ({@link CallShape#modelMayFollow}) and is priced at its provider's
 * dearest model rather than waved through as unpriced. Only the top level is read (and Gemini's {@code generationConfig}), skipping
 * the messages, so a large prompt costs a scan, never a tree.
 */
final class RequestShape {

  private RequestShape() {}

  /**
   * @param head the body, or its first {@link RequestBody#HELD} + 1 bytes when larger
   * @param declared the request's Content-Length, or -1 when not given
   */
  static CallShape of(ProxyRoute route, byte[] head, long declared) {
    long bytes = head.length > RequestBody.HELD && declared > head.length ? declared : head.length;
    String model = null;
    Long maxTokens = null;
    try (JsonParser parser = UsageTap.JSON.getFactory().createParser(head)) {
      if (parser.nextToken() == JsonToken.START_OBJECT) {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          JsonToken value = parser.nextToken();
          switch (name) {
            case "model" -> model = value == JsonToken.VALUE_STRING ? parser.getText() : null;
            // Anthropic, OpenAI chat (old and new name), OpenAI responses
            case "max_tokens", "max_completion_tokens", "max_output_tokens" -> maxTokens = larger(maxTokens, parser, value);
            case "generationConfig" -> maxTokens = larger(maxTokens, geminiLimit(parser, value), JsonToken.VALUE_NUMBER_INT);
            default -> parser.skipChildren();
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // not JSON, or cut off: what was read so far stands
    }
    if (route.provider() == Provider.GEMINI || model == null) {
      String fromPath = modelInPath(route.upstreamPath());
      model = fromPath != null ? fromPath : model;
    }
    // a body longer than its head may name its model after the messages, out of sight
    boolean cut = head.length > RequestBody.HELD;
    return new CallShape(model, maxTokens, bytes, route.provider().key(), cut && model == null);
  }

  private static Long larger(Long current, JsonParser parser, JsonToken value) throws IOException {
    return larger(current, value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : null, value);
  }

  private static Long larger(Long current, Long found, JsonToken value) {
    if (found == null || value != JsonToken.VALUE_NUMBER_INT) {
      return current;
    }
    return current == null ? found : Math.max(current, found);
  }

  private static Long geminiLimit(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return null;
    }
    Long found = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken v = parser.nextToken();
      if (name.equals("maxOutputTokens") && v == JsonToken.VALUE_NUMBER_INT) {
        found = parser.getLongValue();
      } else {
        parser.skipChildren();
      }
    }
    return found;
  }

  /** Gemini's {@code /v1beta/models/NAME:generateContent}. */
  private static String modelInPath(String path) {
    int models = path.indexOf("/models/");
    if (models < 0) {
      return null;
    }
    String rest = path.substring(models + "/models/".length());
    int colon = rest.indexOf(':');
    return colon > 0 ? rest.substring(0, colon) : rest;
  }
}
