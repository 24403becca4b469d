package dev.cto.costs.capture.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * The {@code proxy} section of the cost config: {@code {"upstreams": {"anthropic": URL, …},
 * "spool": PATH}}. Providers not listed go to their public APIs.
 */
public record ProxySettings(Map<Provider, URI> upstreams, Path spool) {

  public static ProxySettings of(JsonNode section, Path defaultSpool) {
    Map<Provider, URI> upstreams = new EnumMap<>(Provider.class);
    for (Provider p : Provider.values()) {
      upstreams.put(p, p.defaultUpstream());
    }
    Path spool = defaultSpool;
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
    }
    return new ProxySettings(Map.copyOf(upstreams), spool);
  }

  URI upstream(Provider provider) {
    return upstreams.get(provider);
  }
}
