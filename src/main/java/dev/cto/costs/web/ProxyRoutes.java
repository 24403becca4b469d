package dev.cto.costs.web;

import dev.cto.costs.capture.proxy.LlmProxy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/** Mounts the LLM proxy on {@code /proxy/*} for every method the providers' APIs use. */
final class ProxyRoutes {

  private ProxyRoutes() {}

  static void mount(JavalinConfig config, LlmProxy proxy) {
    Handler proxied = ctx -> {
      try {
        proxy.handle(ctx.req(), ctx.res());
      } catch (LlmProxy.UpstreamCut e) {
        // the upstream broke off: break the client's connection the same way instead of ending
        // the response cleanly, so the client knows the answer is incomplete
        ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel().abort(e);
      }
    };
    String path = "/proxy/*";
    config.routes.get(path, proxied);
    config.routes.post(path, proxied);
    config.routes.put(path, proxied);
    config.routes.patch(path, proxied);
    config.routes.delete(path, proxied);
  }
}
