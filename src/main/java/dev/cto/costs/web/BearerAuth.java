package dev.cto.costs.web;

import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Checks {@code Authorization: Bearer <token>} against the configured tokens in constant time. On
 * proxy routes the Authorization header belongs to the provider (the agent's API key), so there
 * the collector's token travels in {@code X-CTO-Token} instead.
 */
final class BearerAuth {

  static final String CHALLENGE = "Bearer realm=\"cto-costs\"";
  static final String PROXY_TOKEN_HEADER = "X-CTO-Token";

  private final List<byte[]> tokens;
  private final List<byte[]> metricsTokens;
  private final boolean metricsOpen;

  BearerAuth(List<String> tokens) {
    this(tokens, MetricsAccess.API_TOKEN_ONLY);
  }

  BearerAuth(List<String> tokens, MetricsAccess metrics) {
    this.tokens = bytes(tokens);
    this.metricsTokens = bytes(metrics.tokens());
    this.metricsOpen = metrics.open();
  }

  void check(Context ctx) {
    if (ctx.path().equals("/metrics") && (metricsOpen || !metricsTokens.isEmpty())) {
      checkMetrics(ctx);
      return;
    }
    if (tokens.isEmpty()) {
      return;
    }
    if (ctx.path().startsWith(ProxyRoutes.PREFIX)) {
      String problem = proxyTokenProblem(ctx.header(PROXY_TOKEN_HEADER));
      if (problem != null) {
        throw new UnauthorizedResponse(problem);
      }
      return;
    }
    String problem = problem(ctx.header("Authorization"));
    if (problem != null) {
      ctx.header("WWW-Authenticate", CHALLENGE);
      throw new UnauthorizedResponse(problem);
    }
  }

  /** {@code /metrics} with a metrics token or open: the scraper's token, or the API's, is accepted. */
  private void checkMetrics(Context ctx) {
    if (metricsOpen) {
      return;
    }
    String header = ctx.header("Authorization");
    String token = bearer(header);
    if (token == null || !(matches(token, metricsTokens) || matches(token, tokens))) {
      ctx.header("WWW-Authenticate", CHALLENGE);
      throw new UnauthorizedResponse(header == null ? "missing bearer token (COST_METRICS_TOKEN)" : "invalid bearer token");
    }
  }

  /** Why a proxied call with this {@code X-CTO-Token} value is refused, or null when it may pass. */
  String proxyTokenProblem(String token) {
    if (tokens.isEmpty() || token != null && matches(token.trim())) {
      return null;
    }
    return token == null ? "missing X-CTO-Token header (the collector's token on proxy routes)" : "invalid X-CTO-Token";
  }

  /** Why this Authorization header is refused, or null when it carries an accepted token. */
  String problem(String header) {
    if (tokens.isEmpty()) {
      return null;
    }
    String token = bearer(header);
    if (token != null && matches(token, tokens)) {
      return null;
    }
    return header == null ? "missing bearer token" : "invalid bearer token";
  }

  private static String bearer(String header) {
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
  }

  private boolean matches(String value) {
    return matches(value, tokens);
  }

  /** Compares against every token, in constant time per token, so timing tells nothing. */
  private static boolean matches(String value, List<byte[]> accepted) {
    byte[] given = value.getBytes(StandardCharsets.UTF_8);
    boolean ok = false;
    for (byte[] token : accepted) {
      ok |= MessageDigest.isEqual(token, given);
    }
    return ok;
  }

  private static List<byte[]> bytes(List<String> tokens) {
    return tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
  }
}
