package dev.cto.costs.web.ui;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Renders the precompiled jte templates ({@code src/main/jte}, compiled into this package by the
 * build). Their {@code ${…}} output is HTML-escaped for its context (text, attribute, URL), so names
 * from records can never become markup.
 */
final class Templates {

  private final TemplateEngine engine =
      TemplateEngine.createPrecompiled(null, ContentType.Html, Templates.class.getClassLoader(), Templates.class.getPackageName());

  void render(Context ctx, int status, String template, Map<String, Object> params) {
    StringOutput out = new StringOutput();
    engine.render(template, params, out);
    SecurityHeaders.apply(ctx);
    ctx.header("Cache-Control", "no-store");
    ctx.status(status).contentType("text/html; charset=utf-8").result(out.toString());
  }
}
