package dev.cto.costs.mcp;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.analytics.Analytics;
import dev.cto.costs.budget.BudgetStatusService;
import dev.cto.costs.domain.Thresholds;
import dev.cto.costs.report.NoCostDataException;
import dev.cto.costs.report.ReportException;
import dev.cto.costs.analytics.AnomalyService;
import dev.cto.costs.report.ReportService;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP server {@code cto} with its two tools, on either transport. A failed call is a tool
 * error ({@code isError: true}) whose text says what to change, never a protocol error: the
 * calling agent reads it and can correct itself.
 */
public final class CostsMcpServer {

  public static final String NAME = "cto";
  /** A tool call is a few hundred bytes; anything near this is not one (the web filter reads this much at most). */
  public static final int MAX_REQUEST_BYTES = 1 << 20;
  private static final Logger LOG = LoggerFactory.getLogger(CostsMcpServer.class);
  private static final String INSTRUCTIONS = "Costs of the AI agents' model calls per pull request, agent, stage "
      + "and iteration. Use `costs` for reports and `budget` to see how much of a PR's or a configured budget is left.";

  private final CostsTool costs;
  private final BudgetTool budget;
  private final McpJsonMapper json;

  public CostsMcpServer(ReportService reports, Analytics analytics, Supplier<Thresholds> thresholds,
      BudgetStatusService budgets, Clock clock) {
    this.costs = new CostsTool(reports, analytics, clock);
    this.budget = new BudgetTool(reports, thresholds, budgets);
    // decimals written as the CLI writes them (never 1E-9), unknown fields from newer clients ignored
    this.json = new JacksonMcpJsonMapper(new ObjectMapper()
        .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
  }

  /** Serves one client on the given streams until the input ends; stdout must carry nothing else. */
  public StdioSession stdio(InputStream in, OutputStream out) {
    StdioSession.EndAwareInput input = new StdioSession.EndAwareInput(in);
    McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(json, input, out))
        .serverInfo(NAME, version())
        .instructions(INSTRUCTIONS)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .validateToolInputs(false)
        .tools(
            new McpServerFeatures.SyncToolSpecification(ToolSchemas.costs(), (exchange, request) -> call(costs::call, request)),
            new McpServerFeatures.SyncToolSpecification(ToolSchemas.budget(), (exchange, request) -> call(budget::call, request)))
        .build();
    return new StdioSession(server, input);
  }

  /**
   * Streamable HTTP without sessions: every POST carries its whole request, so any replica behind a
   * load balancer can answer it and nothing is kept between requests. Requests with an Origin
   * header not in {@code allowedOrigins} get 403 (DNS rebinding); requests without one pass.
   *
   * @param allowedOrigins exact origins, or with a wildcard port such as {@code http://localhost:*}
   */
  public HttpEndpoint http(String path, List<String> allowedOrigins) {
    HttpServletStatelessServerTransport transport = HttpServletStatelessServerTransport.builder()
        .jsonMapper(json)
        .messageEndpoint(path)
        .maxRequestSize(MAX_REQUEST_BYTES)
        .securityValidator(DefaultServerTransportSecurityValidator.builder().allowedOrigins(allowedOrigins).build())
        .build();
    McpStatelessSyncServer server = McpServer.sync(transport)
        .serverInfo(NAME, version())
        .instructions(INSTRUCTIONS)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .validateToolInputs(false)
        .tools(
            new McpStatelessServerFeatures.SyncToolSpecification(ToolSchemas.costs(), (context, request) -> call(costs::call, request)),
            new McpStatelessServerFeatures.SyncToolSpecification(ToolSchemas.budget(), (context, request) -> call(budget::call, request)))
        .build();
    return new HttpEndpoint(transport, server);
  }

  static CallToolResult call(Function<ToolArguments, ToolOutput> tool, McpSchema.CallToolRequest request) {
    try {
      ToolOutput out = tool.apply(new ToolArguments(request.arguments()));
      return CallToolResult.builder().addTextContent(out.text()).structuredContent(out.document()).isError(false).build();
    } catch (ToolArgumentException | NoCostDataException | ReportException e) {
      return error(e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("MCP tool {} failed: {}", request.name(), e.toString());
      return error("the report failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
  }

  private static CallToolResult error(String message) {
    return CallToolResult.builder().addTextContent(message).structuredContent(Map.of("error", message)).isError(true).build();
  }

  private static String version() {
    String v = CostsMcpServer.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
