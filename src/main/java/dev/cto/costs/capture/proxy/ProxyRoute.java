package dev.cto.costs.capture.proxy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A proxied path taken apart: {@code /proxy/anthropic/@pr=123,agent=rex,stage=code/v1/messages}
 * is the provider, the attribution given in the path (for clients that can set only a base URL),
 * and the upstream path {@code /v1/messages}.
 */
record ProxyRoute(Provider provider, Map<String, String> pathAttribution, String upstreamPath) {

  static final String PREFIX = "/proxy/";

  /** @throws IllegalArgumentException naming what is wrong with the path */
  static ProxyRoute parse(String path) {
    if (!path.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a proxy path: " + path);
    }
    String rest = path.substring(PREFIX.length());
    int slash = rest.indexOf('/');
    String key = slash < 0 ? rest : rest.substring(0, slash);
    Provider provider = Provider.of(key).orElseThrow(() -> new IllegalArgumentException(
        "unknown provider '" + key + "' in " + path + ": use /proxy/anthropic, /proxy/openai, /proxy/perplexity or /proxy/gemini"));
    rest = slash < 0 ? "" : rest.substring(slash);
    Map<String, String> attribution = new LinkedHashMap<>();
    if (rest.startsWith("/@")) {
      int end = rest.indexOf('/', 1);
      String spec = end < 0 ? rest.substring(2) : rest.substring(2, end);
      for (String pair : spec.split(",")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("attribution in the path must be key=value pairs separated by commas, was '@" + spec + "'");
        }
        attribution.put(pair.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT),
            java.net.URLDecoder.decode(pair.substring(eq + 1).trim(), java.nio.charset.StandardCharsets.UTF_8));
      }
      rest = end < 0 ? "" : rest.substring(end);
      // "@repo=5dlabs/cto,pr=42/v1/messages" ends the attribution at the repository's own slash and
      // would send "/cto,pr=42/v1/messages" upstream: say how to write it instead
      for (String name : new String[] {"repo", "repository"}) {
        String repository = attribution.get(name);
        if (repository != null && !repository.contains("/")) {
          throw new IllegalArgumentException("the repository in the path must be owner/name with its '/' written as %2F"
              + " (@" + name + "=" + repository + "%2Fname,pr=42), was '@" + spec + "'");
        }
      }
    }
    return new ProxyRoute(provider, Map.copyOf(attribution), rest.isEmpty() ? "/" : rest);
  }
}
