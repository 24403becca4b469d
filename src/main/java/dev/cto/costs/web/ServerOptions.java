package dev.cto.costs.web;

import java.util.List;

/**
 * How the service listens and what it accepts.
 *
 * @param tokens accepted bearer tokens; empty means no auth, which is only allowed on loopback
 * @param maxBodyBytes larger request bodies get 413
 * @param maxRecordsPerRequest more records in one request get 413
 * @param metricsPrWindowDays only PRs with usage in this many days are exported as {@code pr} labels
 * @param mcpAllowedOrigins browser origins allowed to call {@code /mcp} (a request with another
 *     Origin gets 403; one without Origin passes); {@code http://host:*} allows any port
 * @param metricsAccess who may scrape {@code /metrics}
 */
public record ServerOptions(
    String bind, int port, List<String> tokens, long maxBodyBytes, int maxRecordsPerRequest, int metricsPrWindowDays,
    List<String> mcpAllowedOrigins, MetricsAccess metricsAccess) {

  /** Pages served from this machine only. */
  public static final List<String> DEFAULT_MCP_ORIGINS = List.of("http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*");

  public static final long DEFAULT_MAX_BODY = 10L * 1024 * 1024;
  public static final int DEFAULT_MAX_RECORDS = 100_000;

  public ServerOptions(
      String bind, int port, List<String> tokens, long maxBodyBytes, int maxRecordsPerRequest, int metricsPrWindowDays) {
    this(bind, port, tokens, maxBodyBytes, maxRecordsPerRequest, metricsPrWindowDays, DEFAULT_MCP_ORIGINS);
  }

  public ServerOptions(
      String bind, int port, List<String> tokens, long maxBodyBytes, int maxRecordsPerRequest, int metricsPrWindowDays,
      List<String> mcpAllowedOrigins) {
    this(bind, port, tokens, maxBodyBytes, maxRecordsPerRequest, metricsPrWindowDays, mcpAllowedOrigins,
        MetricsAccess.API_TOKEN_ONLY);
  }

  /** On 127.0.0.1 without a token, with the defaults of {@code costs serve}: the demo's server. */
  public static ServerOptions loopback(int port) {
    return new ServerOptions("127.0.0.1", port, List.of(), DEFAULT_MAX_BODY, DEFAULT_MAX_RECORDS, 14);
  }

  public ServerOptions withMetricsAccess(MetricsAccess access) {
    return new ServerOptions(bind, port, tokens, maxBodyBytes, maxRecordsPerRequest, metricsPrWindowDays,
        mcpAllowedOrigins, access);
  }

  public ServerOptions {
    tokens = List.copyOf(tokens);
    mcpAllowedOrigins = List.copyOf(mcpAllowedOrigins);
    if (metricsAccess == null) {
      metricsAccess = MetricsAccess.API_TOKEN_ONLY;
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("--port must be 0..65535, was " + port);
    }
  }

  public boolean authEnabled() {
    return !tokens.isEmpty();
  }

  public static boolean isLoopback(String host) {
    return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
  }
}
