package dev.cto.costs.web.ui;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * With {@code COST_API_TOKEN} set, a browser logs in once with the token and gets a session cookie
 * ({@code HttpOnly}, {@code SameSite=Strict}, {@code Secure} behind HTTPS) holding a random id. The
 * token is compared in constant time, kept in no cookie, and never logged. Without a token there is
 * no login: the service answers loopback names only.
 */
final class Login {

  static final String COOKIE = "cto_session";

  private final List<byte[]> tokens;
  private final Sessions sessions;

  Login(List<String> tokens, Sessions sessions) {
    this.tokens = tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    this.sessions = sessions;
  }

  boolean required() {
    return !tokens.isEmpty();
  }

  boolean loggedIn(Context ctx) {
    return !required() || sessions.isValid(ctx.cookie(COOKIE));
  }

  /** Checks the token; on success opens a session and sets its cookie. */
  boolean logIn(Context ctx, String token) {
    if (token == null || !matches(token.trim())) {
      return false;
    }
    String session = sessions.open();
    ctx.header("Set-Cookie", cookie(ctx, session, Sessions.LIFETIME.toSeconds()));
    return true;
  }

  void logOut(Context ctx) {
    sessions.close(ctx.cookie(COOKIE));
    ctx.header("Set-Cookie", cookie(ctx, "", 0));
  }

  private static String cookie(Context ctx, String value, long maxAge) {
    boolean https = "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    return COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict" + (https ? "; Secure" : "");
  }

  /** Compares against every token, each in constant time, so timing tells nothing about them. */
  private boolean matches(String given) {
    byte[] bytes = given.getBytes(StandardCharsets.UTF_8);
    boolean ok = false;
    for (byte[] token : tokens) {
      ok |= MessageDigest.isEqual(token, bytes);
    }
    return ok;
  }

  /**
   * Where to go after login: a path on this site only (a {@code next} of {@code //evil.example} or
   * {@code https://…} would make the login page an open redirect).
   */
  static String safeNext(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.contains("\r")
        || next.contains("\n")) {
      return "/";
    }
    return next;
  }
}
