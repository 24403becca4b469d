package dev.cto.costs.web.ui;

import io.javalin.http.Context;

/**
 * Headers on every dashboard response. Scripts and styles come only from this origin's files (no
 * inline script or style at all, so no nonce is needed), nothing may frame the pages, and the
 * browser must not guess content types.
 */
final class SecurityHeaders {

  static final String CSP = String.join("; ",
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "font-src 'self'",
      "form-action 'self'",
      "base-uri 'none'",
      "frame-ancestors 'none'");

  private SecurityHeaders() {}

  static void apply(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "same-origin");
  }
}
