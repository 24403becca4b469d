package dev.cto.costs.capture.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * OpenAI streams report usage only when asked ({@code stream_options.include_usage}). When a
 * client streams without asking, the proxy asks on its behalf, and {@link UsageChunkFilter} takes
 * the extra usage chunk out again, so the client sees the stream it asked for.
 */
final class IncludeUsage {

  private IncludeUsage() {}

  /** Whether calls to this path may need usage asked for. */
  static boolean applies(Provider provider, String path) {
    return provider == Provider.OPENAI && path.endsWith("/chat/completions");
  }

  /** The request body to send upstream, or null when it goes unchanged. */
  static byte[] inject(Provider provider, String path, byte[] body) {
    if (!applies(provider, path) || body.length == 0) {
      return null;
    }
    try {
      JsonNode root = UsageTap.JSON.readTree(body);
      if (!(root instanceof ObjectNode request) || !root.path("stream").asBoolean(false)
          || root.path("stream_options").path("include_usage").asBoolean(false)) {
        return null;
      }
      JsonNode options = request.get("stream_options");
      ObjectNode streamOptions = options instanceof ObjectNode o ? o : request.putObject("stream_options");
      streamOptions.put("include_usage", true);
      return UsageTap.JSON.writeValueAsBytes(request);
    } catch (IOException | RuntimeException e) {
      return null; // not JSON: forward it as it is and let the provider answer
    }
  }
}
