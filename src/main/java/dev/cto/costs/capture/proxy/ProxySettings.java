package dev.cto.costs.capture.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * The {@code proxy} section of the cost config: {@code {"upstreams": {"anthropic": URL, …},
 * "spool": PATH, "max_body_mb": 32}}. Providers not listed go to their public APIs.
 *
 * @param maxBodyBytes larger request bodies get 413; they are streamed to the provider, never held
 *     whole, so this bounds what one call may send, not the proxy's memory
 */
public record ProxySettings(Map<Provider, URI> upstreams, Path spool, long maxBodyBytes) {

  /** Above the providers' own limits for one request (Anthropic's is 32 MB). */
  public static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;

  public static ProxySettings of(JsonNode section, Path defaultSpool) {
    Map<Provider, URI> upstreams = new EnumMap<>(Provider.class);
    for (Provider p : Provider.values()) {
      upstreams.put(p, p.defaultUpstream());
    }
    Path spool = defaultSpool;
    long maxBody = DEFAULT_MAX_BODY_BYTES;
    if (section != null && !section.isNull()) {
      if (!section.isObject()) {
        throw new IllegalArgumentException("proxy: must be an object with \"upstreams\"");
      }
      JsonNode given = section.path("upstreams");
      given.fieldNames().forEachRemaining(name -> {
        Provider p = Provider.of(name).orElseThrow(() -> new IllegalArgumentException(
            "proxy.upstreams." + name + ": unknown provider (anthropic, openai, perplexity or gemini)"));
        String url = given.get(name).asText();
        URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
          throw new IllegalArgumentException("proxy.upstreams." + name + ": must be an http(s) URL, was '" + url + "'");
        }
        upstreams.put(p, uri);
      });
      if (section.hasNonNull("spool")) {
        spool = Path.of(section.get("spool").asText());
      }
      if (section.has("max_body_mb")) {
        JsonNode mb = section.get("max_body_mb");
        if (!mb.canConvertToInt() || !mb.isIntegralNumber() || mb.asInt() < 1) {
          throw new IllegalArgumentException("proxy.max_body_mb: must be a whole number of MiB >= 1, was " + mb);
        }
        maxBody = mb.asInt() * 1024L * 1024L;
      }
    }
    return new ProxySettings(Map.copyOf(upstreams), spool, maxBody);
  }

  URI upstream(Provider provider) {
    return upstreams.get(provider);
  }
}
