package dev.cto.costs.web;

import dev.cto.costs.capture.proxy.LlmProxy;
import dev.cto.costs.report.ReportRenderer;
import io.javalin.config.JavalinConfig;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the LLM proxy on {@code /proxy/*}, for every method the providers' APIs use, from Jetty's
 * core handler in front of Javalin's servlet: a proxied call is an agent waiting, and the servlet
 * layer's request wrappers, filter chain and routing cost it about 0.1 ms each time
 * (docs/benchmarks.md, "LLM proxy added latency"). So what the servlet filters and the
 * {@code before} handler do for other routes is done here too, the same way: the loopback Host
 * check when there is no token, and the collector's token in {@code X-CTO-Token} when there is.
 * Every other request goes on to Javalin.
 */
final class ProxyRoutes extends Handler.Wrapper {

  private static final Logger LOG = LoggerFactory.getLogger(ProxyRoutes.class);

  /**
   * Model calls can be silent for minutes (long non-streaming answers, extended thinking), and the
   * read timeout of the other routes would cut the agent's connection while the provider is still
   * working: once the request body went upstream, the proxy's connection may idle as long as a
   * call may take. While the body is read, the short timeout holds, as on every other route.
   */
  static final long IDLE_TIMEOUT_MS = 15 * 60 * 1000L;

  static final String PREFIX = "/proxy/";
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

  private final LlmProxy proxy;
  private final UploadSlots uploads;
  /** Null when the service has no token: then only loopback Host names are answered. */
  private final BearerAuth auth;

  private ProxyRoutes(LlmProxy proxy, UploadSlots uploads, BearerAuth auth) {
    this.proxy = proxy;
    this.uploads = uploads;
    this.auth = auth;
  }

  /**
   * Puts the proxy in front of the app's servlet (Javalin mounts its servlet inside the server's
   * innermost wrapper).
   *
   * @param auth the service's tokens, or null for a service without any (loopback names only)
   */
  static void mount(JavalinConfig config, LlmProxy proxy, UploadSlots uploads, BearerAuth auth) {
    config.jetty.modifyServer(server -> server.setHandler(new ProxyRoutes(proxy, uploads, auth)));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    if (path == null || !path.startsWith(PREFIX) || !METHODS.contains(request.getMethod())) {
      return super.handle(request, response, callback);
    }
    String refusal = refusal(request);
    if (refusal != null) {
      int status = auth == null ? 421 : 401;
      respond(response, callback, status, ReportRenderer.JSON.writeValueAsBytes(ApiError.of(refusal)));
      return true;
    }
    UploadSlots.Slot slot = uploads.tryTake();
    if (slot == null) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      respond(response, callback, 503, ("{\"error\":{\"type\":\"cto_proxy_error\",\"message\":"
          + ReportRenderer.JSON.writeValueAsString(uploads.busyMessage()) + "}}").getBytes(StandardCharsets.UTF_8));
      return true;
    }
    EndPoint connection = request.getConnectionMetaData().getConnection().getEndPoint();
    long readTimeout = connection.getIdleTimeout();
    JettyProxyExchange exchange = new JettyProxyExchange(request, response);
    try {
      proxy.handle(exchange, () -> {
        slot.release();
        connection.setIdleTimeout(IDLE_TIMEOUT_MS);
      });
      callback.succeeded();
    } catch (LlmProxy.UpstreamCut e) {
      // the upstream broke off: break the client's connection the same way instead of ending the
      // answer cleanly, so the client knows it is incomplete
      callback.failed(e);
    } catch (Exception e) {
      failed(request, response, callback, exchange, e);
    } finally {
      slot.release();
      connection.setIdleTimeout(readTimeout); // the next request on this connection is not a call
    }
    return true;
  }

  /** Why this call is not for us to answer, or null when it is. */
  private String refusal(Request request) {
    if (auth == null) {
      String host = request.getHeaders().get(HttpHeader.HOST);
      return host == null || LoopbackHostFilter.isLoopbackName(host) ? null : LoopbackHostFilter.refusal(host);
    }
    return auth.proxyTokenProblem(request.getHeaders().get(BearerAuth.PROXY_TOKEN_HEADER));
  }

  private static void failed(Request request, Response response, Callback callback, JettyProxyExchange exchange,
      Exception e) {
    if (ClientAbort.is(e)) {
      LOG.warn("client of {} {} went away mid-request: {}", request.getMethod(), request.getHttpURI().getPath(),
          ClientAbort.reason(e));
      callback.failed(e);
      return;
    }
    LOG.error("request {} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
    if (exchange.committed()) {
      callback.failed(e); // half an answer is out: the client must see it broken, not complete
      return;
    }
    response.getHeaders().clear();
    try {
      respond(response, callback, 500, ReportRenderer.JSON.writeValueAsBytes(
          ApiError.of("internal error: " + e.getClass().getSimpleName())));
    } catch (Exception again) {
      callback.failed(e);
    }
  }

  /** A whole JSON answer, headers and body in one write. */
  private static void respond(Response response, Callback callback, int status, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, java.nio.ByteBuffer.wrap(body), callback);
  }
}
