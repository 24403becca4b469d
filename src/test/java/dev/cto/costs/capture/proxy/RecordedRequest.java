package dev.cto.costs.capture.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.List;
import java.util.Map;

/**
 * One request as the fake upstream received it, for assertions on what the proxy forwarded.
 *
 * @param path raw path with the query, if any
 * @param headers by lower-case name, in arrival order per name
 * @param body as received (UTF-8)
 */
record RecordedRequest(String method, String path, Map<String, List<String>> headers, String body) {

  private static final ObjectMapper JSON = new ObjectMapper();

  RecordedRequest {
    headers = Map.copyOf(headers);
  }

  /** The first value of a header, or null. */
  String header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The body as JSON, or a missing node when it is not JSON. */
  JsonNode json() {
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return MissingNode.getInstance();
    }
  }

  String model() {
    return json().path("model").asText(null);
  }
}
