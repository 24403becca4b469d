package dev.cto.costs.mcp;

import io.modelcontextprotocol.server.McpStatelessSyncServer;
import jakarta.servlet.http.HttpServlet;

/** The MCP server as a servlet for the HTTP server to mount, and its shutdown. */
public final class HttpEndpoint implements AutoCloseable {

  private final HttpServlet servlet;
  private final McpStatelessSyncServer server;

  HttpEndpoint(HttpServlet servlet, McpStatelessSyncServer server) {
    this.servlet = servlet;
    this.server = server;
  }

  public HttpServlet servlet() {
    return servlet;
  }

  @Override
  public void close() {
    server.closeGracefully();
  }
}
