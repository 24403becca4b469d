package dev.cto.costs.web;

import dev.cto.costs.mcp.CostsMcpServer;
import dev.cto.costs.mcp.HttpEndpoint;
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
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The MCP server's streamable HTTP endpoint at {@code /mcp}: the SDK's servlet, mounted next to
 * Javalin's in the same Jetty context (an exact mapping wins over Javalin's {@code /*}), behind
 * the same bearer token as the rest of the API. The SDK's transport checks the Origin header;
 * {@link McpMessageFilter} keeps its error answers to JSON-RPC errors.
 */
final class McpRoutes {

  static final String PATH = "/mcp";

  private McpRoutes() {}

  static void mount(JavalinConfig config, HttpEndpoint endpoint, BearerAuth auth) {
    config.jetty.modifyServletContextHandler(context -> {
      ServletHolder servlet = new ServletHolder("mcp", endpoint.servlet());
      servlet.setAsyncSupported(true);
      context.addServlet(servlet, PATH);
      FilterHolder filter = new FilterHolder(new TokenFilter(auth));
      filter.setAsyncSupported(true);
      context.addFilter(filter, PATH, EnumSet.of(DispatcherType.REQUEST));
      FilterHolder messages = new FilterHolder(new McpMessageFilter(CostsMcpServer.MAX_REQUEST_BYTES));
      messages.setAsyncSupported(true);
      context.addFilter(messages, PATH, EnumSet.of(DispatcherType.REQUEST));
    });
  }

  /** Javalin's before-handlers do not run for another servlet: the token is checked here. */
  private static final class TokenFilter implements Filter {

    private final BearerAuth auth;

    TokenFilter(BearerAuth auth) {
      this.auth = auth;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
      String problem = auth.problem(((HttpServletRequest) req).getHeader("Authorization"));
      if (problem == null) {
        chain.doFilter(req, res);
        return;
      }
      HttpServletResponse response = (HttpServletResponse) res;
      response.setStatus(401);
      response.setHeader("WWW-Authenticate", BearerAuth.CHALLENGE);
      response.setContentType("application/json");
      response.getOutputStream().write(ReportRenderer.JSON.writeValueAsBytes(ApiError.of(problem)));
    }
  }
}
