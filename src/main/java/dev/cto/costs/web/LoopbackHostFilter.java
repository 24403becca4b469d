package dev.cto.costs.web;

import dev.cto.costs.report.ReportRenderer;
import io.javalin.config.JavalinConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Locale;
import org.eclipse.jetty.ee10.servlet.FilterHolder;

/**
 * DNS rebinding protection for a service without a token: a page on {@code evil.example} whose
 * name later resolves to 127.0.0.1 can make the browser call this service, but the browser still
 * sends {@code Host: evil.example}. Only loopback names are answered; anything else gets 421
 * (Misdirected Request). With a token the browser cannot authenticate, so any Host is fine.
 * A request without a Host header (HTTP/1.0) does not come from a browser and passes.
 */
final class LoopbackHostFilter implements Filter {

  /** In front of everything in the servlet context: Javalin's routes and the MCP servlet. */
  static void mount(JavalinConfig config) {
    config.jetty.modifyServletContextHandler(context -> {
      FilterHolder filter = new FilterHolder(new LoopbackHostFilter());
      filter.setAsyncSupported(true);
      context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    });
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    String host = ((HttpServletRequest) req).getHeader("Host");
    if (host == null || isLoopbackName(host)) {
      chain.doFilter(req, res);
      return;
    }
    HttpServletResponse response = (HttpServletResponse) res;
    response.setStatus(421);
    response.setContentType("application/json");
    response.getOutputStream().write(ReportRenderer.JSON.writeValueAsBytes(ApiError.of(refusal(host))));
  }

  /** What a request for a Host that is not a loopback name is told (with 421). */
  static String refusal(String host) {
    return "Host '" + host
        + "' is not a loopback name: without a token this service answers only to localhost, 127.0.0.1 and [::1]"
        + " (DNS rebinding protection); set COST_API_TOKEN to serve other names";
  }

  /** {@code localhost}, {@code 127.0.0.1} or {@code [::1]}, with or without a port. */
  static boolean isLoopbackName(String hostHeader) {
    String host = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close > 0 && host.substring(0, close + 1).equals("[::1]") && isPortOrNothing(host.substring(close + 1));
    }
    int colon = host.indexOf(':');
    String name = colon < 0 ? host : host.substring(0, colon);
    return (name.equals("localhost") || name.equals("127.0.0.1")) && isPortOrNothing(colon < 0 ? "" : host.substring(colon));
  }

  private static boolean isPortOrNothing(String rest) {
    return rest.isEmpty() || rest.matches(":\\d{1,5}");
  }
}
