package dev.cto.costs.pricing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects every key that no config section knows, while Jackson reads the rest, so one run names
 * all the typos at once (Jackson alone stops at the first). Each is reported with the closest
 * valid key of its section; the loader then refuses the file.
 */
final class UnknownKeys extends DeserializationProblemHandler {

  /** path (e.g. {@code pricing[0].input_cost}) → the problem text without its location. */
  private final Map<String, String> found = new LinkedHashMap<>();

  @Override
  public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
      Object beanOrClass, String propertyName) throws IOException {
    JsonStreamContext at = p.getParsingContext();
    if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
      at = at.getParent(); // the parser already stands inside the unknown key's value
    }
    List<String> valid = new ArrayList<>();
    deserializer.getKnownPropertyNames().forEach(n -> valid.add(String.valueOf(n)));
    String path = path(at);
    String section = path.substring(0, path.length() - propertyName.length());
    found.put(path, "unknown key '" + path + "'" + KeySuggestion.hint(propertyName, section, valid));
    p.skipChildren();
    return true;
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  /** The problems, each prefixed with where its key is in {@code content}. */
  List<String> problems(ConfigLocations locations) {
    List<String> problems = new ArrayList<>();
    found.forEach((path, problem) -> problems.add(locations.prefix(path) + problem));
    return problems;
  }

  /**
   * The dotted path of the key a context stands at: {@code alerts.webhooks[1].url}. The same for
   * the deserializer's context and a plain token walk, so the two can be matched.
   */
  static String path(JsonStreamContext context) {
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
      } else if (c.getCurrentName() != null) {
        parts.push("." + c.getCurrentName());
      }
    }
    String path = String.join("", parts);
    return path.startsWith(".") ? path.substring(1) : path;
  }
}
