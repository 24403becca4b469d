package dev.cto.costs.cli;

import dev.cto.costs.app.CostsApp;
import dev.cto.costs.mcp.CostsMcpServer;
import dev.cto.costs.mcp.StdioSession;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "mcp",
    mixinStandardHelpOptions = true,
    description = {
      "Run the MCP server 'cto' on stdin/stdout for an agent (tools 'costs' and 'budget').",
      "The agent's MCP client starts this command; it ends when the client closes stdin."
    },
    footer = {
      "",
      "Standard output carries only MCP messages; logs and errors go to standard error.",
      "Over HTTP the same server is at /mcp of 'cto-cli costs serve'.",
      "",
      "Client config (Claude Code .mcp.json, Cursor, …):",
      "  {\"mcpServers\": {\"cto\": {\"command\": \"cto-cli\", \"args\": [\"costs\", \"mcp\", \"--db\", \"/data/costs.db\"]}}}"
    })
final class McpCommand implements Callable<Integer> {

  @Mixin StoreOptions store;

  @Override
  public Integer call() throws Exception {
    store.requireLocal("mcp");
    // the protocol owns stdout: anything else printed there (a library's stray println) would
    // corrupt it, so System.out is pointed at stderr and the protocol writes to the real fd 1
    PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), false, java.nio.charset.StandardCharsets.UTF_8);
    System.setOut(System.err);
    try (CostsApp app = store.open()) {
      CostsMcpServer server = new CostsMcpServer(app.reports(), app.analytics(), () -> app.settings().thresholds(), app.budgets(),
          Clock.systemUTC());
      try (StdioSession session = server.stdio(System.in, protocol)) {
        session.awaitEnd();
      }
    }
    return 0;
  }
}
