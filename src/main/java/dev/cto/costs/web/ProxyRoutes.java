package dev.cto.costs.web;

import dev.cto.costs.capture.proxy.LlmProxy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/** Mounts the LLM proxy on {@code /proxy/*} for every method the providers' APIs use. */
final class ProxyRoutes {

  private ProxyRoutes() {}

  /**
   * Model calls can be silent for minutes (long non-streaming answers, extended thinking), and the
   * read timeout of the other routes would cut the agent's connection while the provider is still
   * working: once the request body went upstream, the proxy's connection may idle as long as a
   * call may take. While the body is read, the short timeout holds, as on every other route.
   */
  static final long IDLE_TIMEOUT_MS = 15 * 60 * 1000L;

  static void mount(JavalinConfig config, LlmProxy proxy, UploadSlots uploads) {
    Handler proxied = ctx -> {
      UploadSlots.Slot slot = uploads.tryTake();
      if (slot == null) {
        ctx.header("Retry-After", "1").header("Connection", "close").status(503).contentType("application/json")
            .result("{\"error\":{\"type\":\"cto_proxy_error\",\"message\":\"" + uploads.busyMessage() + "\"}}");
        return;
      }
      EndPoint connection = ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData()
          .getConnection().getEndPoint();
      long readTimeout = connection.getIdleTimeout();
      try {
        proxy.handle(ctx.req(), ctx.res(), () -> {
          slot.release();
          connection.setIdleTimeout(IDLE_TIMEOUT_MS);
        });
      } catch (LlmProxy.UpstreamCut e) {
        // the upstream broke off: break the client's connection the same way instead of ending
        // the response cleanly, so the client knows the answer is incomplete
        ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel().abort(e);
      } finally {
        slot.release();
        connection.setIdleTimeout(readTimeout); // the next request on this connection is not a call
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
