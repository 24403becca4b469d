package dev.cto.costs.capture.proxy;

import java.net.URI;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * The {@code proxy} section of the cost config in force: {@code {"upstreams": {"anthropic": URL,
 * …}, "spool": PATH, "max_body_mb": 32}}. Providers not listed go to their public APIs.
 *
 * @param maxBodyBytes larger request bodies get 413; they are streamed to the provider, never held
 *     whole, so this bounds what one call may send, not the proxy's memory
 */
public record ProxySettings(Map<Provider, URI> upstreams, Path spool, long maxBodyBytes) {

  /** Above the providers' own limits for one request (Anthropic's is 32 MB). */
  public static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;

  /**
   * @param given provider key → upstream URL (null: none given)
   * @param spool the spool file, or null for {@code defaultSpool}
   * @param maxBodyMb the request body limit in MiB, or null for the default
   * @throws IllegalArgumentException naming the key of an unknown provider, a bad URL or limit
   */
  public static ProxySettings of(Map<String, String> given, String spool, Integer maxBodyMb, Path defaultSpool) {
    Map<Provider, URI> upstreams = new EnumMap<>(Provider.class);
    for (Provider p : Provider.values()) {
      upstreams.put(p, p.defaultUpstream());
    }
    if (given != null) {
      given.forEach((name, url) -> {
        Provider p = Provider.of(name).orElseThrow(() -> new IllegalArgumentException(
            "proxy.upstreams." + name + ": unknown provider (anthropic, openai, perplexity or gemini)"));
        upstreams.put(p, upstream(name, url));
      });
    }
    if (maxBodyMb != null && maxBodyMb < 1) {
      throw new IllegalArgumentException("proxy.max_body_mb: must be a whole number of MiB >= 1, was " + maxBodyMb);
    }
    return new ProxySettings(Map.copyOf(upstreams), spool == null ? defaultSpool : Path.of(spool),
        maxBodyMb == null ? DEFAULT_MAX_BODY_BYTES : maxBodyMb * 1024L * 1024L);
  }

  private static URI upstream(String name, String url) {
    String trimmed = url == null ? "" : url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    try {
      URI uri = URI.create(trimmed);
      if (uri.getScheme() != null && uri.getScheme().startsWith("http") && uri.getHost() != null) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // named below
    }
    throw new IllegalArgumentException("proxy.upstreams." + name + ": must be an http(s) URL, was '" + url + "'");
  }

  URI upstream(Provider provider) {
    return upstreams.get(provider);
  }
}
