package dev.cto.costs.pricing;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each key of a config file is (line and column, from Jackson's {@link JsonLocation}). Read
 * only when a problem must be reported: the deserializer's position at that moment is its value,
 * which in YAML block style is on the next line.
 */
final class ConfigLocations {

  private final Map<String, JsonLocation> keys = new HashMap<>();

  static ConfigLocations of(ObjectMapper mapper, byte[] content) {
    ConfigLocations locations = new ConfigLocations();
    try (JsonParser p = mapper.createParser(content)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME) {
          locations.keys.putIfAbsent(UnknownKeys.path(p.getParsingContext()), p.currentTokenLocation());
        }
      }
    } catch (IOException e) {
      // the file parsed once already; a partial map only loses some locations
    }
    return locations;
  }

  /** "line L, column C: " for the key at {@code path}, or nothing when it is not known. */
  String prefix(String path) {
    JsonLocation at = keys.get(path);
    return at == null ? "" : at(at);
  }

  static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return "line " + location.getLineNr() + (location.getColumnNr() > 0 ? ", column " + location.getColumnNr() : "") + ": ";
  }
}
