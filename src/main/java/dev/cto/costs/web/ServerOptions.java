package dev.cto.costs.web;

import java.util.List;

/**
 * How the service listens and what it accepts.
 *
 * @param tokens accepted bearer tokens; empty means no auth, which is only allowed on loopback
 * @param maxBodyBytes larger request bodies get 413
 * @param maxRecordsPerRequest more records in one request get 413
 * @param metricsPrWindowDays only PRs with usage in this many days are exported as {@code pr} labels
 */
public record ServerOptions(
    String bind, int port, List<String> tokens, long maxBodyBytes, int maxRecordsPerRequest, int metricsPrWindowDays) {

  public static final long DEFAULT_MAX_BODY = 10L * 1024 * 1024;
  public static final int DEFAULT_MAX_RECORDS = 100_000;

  public ServerOptions {
    tokens = List.copyOf(tokens);
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
