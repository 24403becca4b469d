package dev.cto.costs.web;

import dev.cto.costs.capture.proxy.LlmProxy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.component.LifeCycle;

/** Mounts the LLM proxy on {@code /proxy/*} for every method the providers' APIs use. */
final class ProxyRoutes {

  private ProxyRoutes() {}

  /**
   * Model calls can be silent for minutes (long non-streaming answers, extended thinking), and
   * Jetty's default idle timeout of 30 s would cut the agent's connection while the provider is
   * still working: the proxy's connections may idle as long as a call may take.
   */
  static final long IDLE_TIMEOUT_MS = 15 * 60 * 1000L;

  static void mount(JavalinConfig config, LlmProxy proxy) {
    config.jetty.modifyServer(server -> server.addEventListener(new LifeCycle.Listener() {
      @Override
      public void lifeCycleStarting(LifeCycle event) {
        for (Connector connector : server.getConnectors()) {
          if (connector instanceof AbstractConnector c) {
            c.setIdleTimeout(IDLE_TIMEOUT_MS);
          }
        }
      }
    }));
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
