package dev.cto.costs.capture.proxy;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The provider's answer: its status, its headers (names as sent, looked up in any case) and its
 * body, read as it arrives and without its transfer coding.
 */
record UpstreamResponse(int status, Map<String, List<String>> headers, InputStream body) {

  Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
