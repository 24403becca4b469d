package dev.cto.costs.web;

import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** Checks {@code Authorization: Bearer <token>} against the configured tokens in constant time. */
final class BearerAuth {

  private final List<byte[]> tokens;

  BearerAuth(List<String> tokens) {
    this.tokens = tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
  }

  void check(Context ctx) {
    if (tokens.isEmpty()) {
      return;
    }
    String header = ctx.header("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
      boolean ok = false;
      for (byte[] token : tokens) {
        ok |= MessageDigest.isEqual(token, given);
      }
      if (ok) {
        return;
      }
    }
    ctx.header("WWW-Authenticate", "Bearer realm=\"cto-costs\"");
    throw new UnauthorizedResponse(header == null ? "missing bearer token" : "invalid bearer token");
  }
}
