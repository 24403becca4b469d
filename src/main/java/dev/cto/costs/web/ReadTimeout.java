package dev.cto.costs.web;

import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * How long a connection may stay silent: while its headers or body arrive, and between requests.
 * Short, so a client that stalls mid-upload gives its thread back soon; only a proxied call, once
 * its body went upstream, may idle longer ({@link ProxyRoutes#IDLE_TIMEOUT_MS}).
 */
final class ReadTimeout {

  static final long MILLIS = 30_000;

  private ReadTimeout() {}

  static void apply(JavalinConfig config) {
    config.jetty.modifyServer(server -> server.addEventListener(new LifeCycle.Listener() {
      @Override
      public void lifeCycleStarting(LifeCycle event) {
        for (Connector connector : server.getConnectors()) {
          if (connector instanceof AbstractConnector c) {
            c.setIdleTimeout(MILLIS);
          }
        }
      }
    }));
  }
}
