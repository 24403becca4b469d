package dev.cto.costs.web;

import dev.cto.costs.capture.proxy.LlmProxy;
import io.javalin.Javalin;

/**
 * The proxy alone, for a sidecar next to an agent ({@code cto-cli costs proxy}): {@code /proxy/*}
 * and {@code /healthz}, recording to whatever the proxy was given (usually a remote collector).
 * Loopback by default: the agent in the same pod is its only client.
 */
public final class ProxyServer implements AutoCloseable {

  private final Javalin app;

  public ProxyServer(String bind, int port, LlmProxy proxy) {
    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.jetty.host = bind;
      config.jetty.port = port;
      LoopbackHostFilter.mount(config); // no token here, ever
      ReadTimeout.apply(config);
      ProxyRoutes.mount(config, proxy, new UploadSlots(UploadSlots.DEFAULT), null);
      config.routes.get("/healthz", ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}"));
    });
  }

  public ProxyServer start() {
    app.start();
    return this;
  }

  /** The idle timeout of the listening connector, for tests. */
  long idleTimeoutMillis() {
    return ((org.eclipse.jetty.server.AbstractConnector) app.jettyServer().server().getConnectors()[0]).getIdleTimeout();
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
