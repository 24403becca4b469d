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

  private final List<byte[]> tokens;

  BearerAuth(List<String> tokens) {
    this.tokens = tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
  }

  void check(Context ctx) {
    if (tokens.isEmpty()) {
      return;
    }
    if (ctx.path().startsWith("/proxy/")) {
      String token = ctx.header("X-CTO-Token");
      if (token != null && matches(token.trim())) {
        return;
      }
      throw new UnauthorizedResponse(token == null ? "missing X-CTO-Token header (the collector's token on proxy routes)"
          : "invalid X-CTO-Token");
    }
    String problem = problem(ctx.header("Authorization"));
    if (problem != null) {
      ctx.header("WWW-Authenticate", CHALLENGE);
      throw new UnauthorizedResponse(problem);
    }
  }

  /** Why this Authorization header is refused, or null when it carries an accepted token. */
  String problem(String header) {
    if (tokens.isEmpty()) {
      return null;
    }
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      if (matches(header.substring(7).trim())) {
        return null;
      }
    }
    return header == null ? "missing bearer token" : "invalid bearer token";
  }

  private boolean matches(String value) {
    byte[] given = value.getBytes(StandardCharsets.UTF_8);
    boolean ok = false;
    for (byte[] token : tokens) {
      ok |= MessageDigest.isEqual(token, given);
    }
    return ok;
  }
}
