package dev.cto.costs.mcp;

import static dev.cto.costs.mcp.McpFixture.assertSameDocument;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.web.ServerOptions;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official MCP Java SDK client against both transports: {@code serve}'s {@code /mcp} on
 * 127.0.0.1 (bearer token, Origin check) and {@code cto-cli costs mcp} started as a process over
 * stdio. Every report equals the CLI's {@code --format json} document of the same SQLite file.
 */
class McpJavaClientTest {

  private static final String TOKEN = "mcp-test-token";
  private static final JacksonMcpJsonMapper MAPPER = new JacksonMcpJsonMapper(McpFixture.JSON);

  @TempDir static Path dir;
  private static McpFixture data;
  private static CollectorService service;
  private static McpSyncClient http;
  private static McpSyncClient stdio;

  @BeforeAll
  static void start() throws Exception {
    data = McpFixture.create(dir);
    service = CollectorService.start(new AppOptions(data.db, null, data.config),
        new ServerOptions("127.0.0.1", 0, List.of(TOKEN), 1 << 20, 1000, 14));
    http = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + service.port())
            .endpoint("/mcp")
            .jsonMapper(MAPPER)
            .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + TOKEN))
            .build())
        .requestTimeout(Duration.ofSeconds(60))
        .build();
    http.initialize();
    List<String> command = data.mcpCommand();
    stdio = McpClient.sync(new StdioClientTransport(
            ServerParameters.builder(command.get(0)).args(command.subList(1, command.size())).build(), MAPPER))
        .requestTimeout(Duration.ofSeconds(60))
        .initializationTimeout(Duration.ofSeconds(60))
        .build();
    stdio.initialize();
  }

  @AfterAll
  static void stop() {
    if (stdio != null) {
      stdio.closeGracefully();
    }
    if (http != null) {
      http.closeGracefully();
    }
    if (service != null) {
      service.close();
    }
  }

  /** By name: JUnit closes AutoCloseable arguments after each invocation. */
  static Stream<String> clients() {
    return Stream.of("http", "stdio");
  }

  private static McpSyncClient client(String transport) {
    return transport.equals("http") ? http : stdio;
  }

  private static CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
    return client.callTool(new McpSchema.CallToolRequest(tool, args));
  }

  private static JsonNode structured(CallToolResult result) {
    assertThat(result.isError()).as("tool error: %s", result.content()).isFalse();
    return McpFixture.JSON.valueToTree(result.structuredContent());
  }

  private static String text(CallToolResult result) {
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }

  @ParameterizedTest
  @MethodSource("clients")
  void listsTheCostsAndBudgetToolsWithTheirSchemas(String transport) {
    McpSyncClient client = client(transport);
    List<McpSchema.Tool> tools = client.listTools().tools();

    assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyInAnyOrder("costs", "budget");
    McpSchema.Tool costs = tools.stream().filter(t -> t.name().equals("costs")).findFirst().orElseThrow();
    JsonNode costsSchema = McpFixture.JSON.valueToTree(costs.inputSchema());
    for (String argument : List.of("report", "pr", "repository", "agent", "since", "month", "compare", "detailed")) {
      assertThat(costsSchema.get("properties").get(argument).get("description").asText()).as(argument).isNotBlank();
    }
    assertThat(costsSchema.get("properties").get("pr").get("type").asText()).isEqualTo("integer");
    assertThat(costsSchema.get("properties").get("compare").get("items").get("type").asText()).isEqualTo("integer");
    McpSchema.Tool budget = tools.stream().filter(t -> t.name().equals("budget")).findFirst().orElseThrow();
    JsonNode budgetSchema = McpFixture.JSON.valueToTree(budget.inputSchema());
    assertThat(budgetSchema.get("required")).as("every argument is optional: {} lists the configured budgets").isNull();
    assertThat(budgetSchema.get("properties").get("name").get("description").asText()).isNotBlank();
    assertThat(client.getServerInfo().name()).isEqualTo("cto");
  }

  @ParameterizedTest
  @MethodSource("clients")
  void everyReportIsTheCliJsonDocument(String transport) throws Exception {
    McpSyncClient client = client(transport);
    assertSameDocument(structured(call(client, "costs", Map.of("pr", 101, "repository", "5dlabs/cto"))),
        data.cliJson("show", "--pr", "101", "--repo", "5dlabs/cto"));
    assertSameDocument(structured(call(client, "costs", Map.of("report", "pr", "pr", 102, "repository", "5dlabs/cto", "detailed", true))),
        data.cliJson("show", "--pr", "102", "--repo", "5dlabs/cto", "--detailed"));
    assertSameDocument(structured(call(client, "costs", Map.of("agent", "rex", "since", "2020-01-01"))),
        data.cliJson("agent", "--name", "rex", "--since", "2020-01-01"));
    assertSameDocument(structured(call(client, "costs", Map.of("compare", List.of(102, 101), "repository", "5dlabs/cto"))),
        data.cliJson("compare", "--prs", "102,101", "--repo", "5dlabs/cto"));
    assertSameDocument(structured(call(client, "costs", Map.of("month", "current"))), data.cliJson("summary", "--month", "current"));
    assertSameDocument(structured(call(client, "costs", Map.of())), data.cliJson("summary"));
    assertSameDocument(structured(call(client, "costs", Map.of("report", "summary", "since", "2020-01-01"))),
        data.cliJson("summary", "--since", "2020-01-01"));
  }

  @ParameterizedTest
  @MethodSource("clients")
  void theTextIsTheCliTableAndMarkdownOnRequest(String transport) throws Exception {
    McpSyncClient client = client(transport);
    JsonNode cli = data.cliJson("show", "--pr", "101", "--repo", "5dlabs/cto");
    String table = text(call(client, "costs", Map.of("pr", 101, "repository", "5dlabs/cto")));
    assertThat(table).startsWith("Cost report: 5dlabs/cto PR #101\n").contains("By agent", "By stage", "By model");
    for (JsonNode agent : cli.get("agents")) {
      assertThat(table).contains(agent.get("agent").asText());
    }
    assertThat(text(call(client, "costs", Map.of("pr", 101, "repository", "5dlabs/cto", "format", "markdown"))))
        .startsWith("## Cost report: 5dlabs/cto PR #101").contains("| Agent |");
  }

  @ParameterizedTest
  @MethodSource("clients")
  void budgetIsSpentAgainstTheConfiguredThresholds(String transport) throws Exception {
    McpSyncClient client = client(transport);
    BigDecimal spent = data.cliJson("show", "--pr", "101", "--repo", "5dlabs/cto").get("total_cost_usd").decimalValue();
    BigDecimal warning = new BigDecimal(McpFixture.WARNING);
    BigDecimal error = new BigDecimal(McpFixture.ERROR);

    JsonNode budget = structured(call(client, "budget", Map.of("pr", 101, "repository", "5dlabs/cto")));

    assertThat(budget.get("spent_usd").decimalValue()).isEqualByComparingTo(spent);
    assertThat(budget.get("warning_threshold_usd").decimalValue()).isEqualByComparingTo(warning);
    assertThat(budget.get("error_threshold_usd").decimalValue()).isEqualByComparingTo(error);
    assertThat(budget.get("remaining_to_warning_usd").decimalValue()).isEqualByComparingTo(warning.subtract(spent).max(BigDecimal.ZERO));
    assertThat(budget.get("remaining_to_error_usd").decimalValue()).isEqualByComparingTo(error.subtract(spent).max(BigDecimal.ZERO));
    String expectedStatus = spent.compareTo(error) >= 0 ? "error" : spent.compareTo(warning) >= 0 ? "warning" : "ok";
    assertThat(budget.get("status").asText()).isEqualTo(expectedStatus);

    JsonNode untouched = structured(call(client, "budget", Map.of("pr", 4242)));
    assertThat(untouched.get("spent_usd").decimalValue()).isZero();
    assertThat(untouched.get("status").asText()).isEqualTo("ok");
    assertThat(untouched.get("remaining_to_error_usd").decimalValue()).isEqualByComparingTo(error);
  }

  @ParameterizedTest
  @MethodSource("clients")
  void badArgumentsAreToolErrorsNamingTheArgument(String transport) {
    McpSyncClient client = client(transport);
    assertToolError(client, "costs", Map.of("pr", "abc"), "pr must be a positive integer");
    assertToolError(client, "costs", Map.of("pr", 0), "pr must be a positive integer");
    assertToolError(client, "costs", Map.of("compare", List.of(101, -2)), "compare must be a list of positive integers");
    assertToolError(client, "costs", Map.of("report", "weekly"), "report must be one of pr, agent, compare, summary");
    assertToolError(client, "costs", Map.of("month", "13"), "month: '13' is not a month");
    assertToolError(client, "costs", Map.of("agent", "rex", "since", "yesterday"), "since: 'yesterday' is not a date");
    assertToolError(client, "costs", Map.of("pr", 101, "month", "current"), "month does not apply to a pr report");
    assertToolError(client, "costs", Map.of("prs", 101), "unknown argument 'prs'");
    assertToolError(client, "costs", Map.of("report", "agent"), "agent is required");
    assertToolError(client, "costs", Map.of("pr", 9999), "no cost data for PR 9999");
    assertToolError(client, "budget", Map.of("name", "nope"), "no budget named 'nope'; configured: pr-cap, idle-month");
    assertToolError(client, "budget", Map.of("pr", 1.5), "pr must be a positive integer");
  }

  private static void assertToolError(McpSyncClient client, String tool, Map<String, Object> args, String message) {
    CallToolResult result = call(client, tool, args);
    assertThat(result.isError()).as("%s %s", tool, args).isTrue();
    assertThat(text(result)).as("%s %s", tool, args).contains(message);
  }

  @Test
  void httpWantsTheBearerTokenAndRefusesForeignOrigins() throws Exception {
    String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

    assertThat(post(initialize, null, null).statusCode()).isEqualTo(401);
    HttpResponse<String> wrong = post(initialize, "Bearer not-the-token", null);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"cto-costs\"");
    assertThat(post(initialize, "Bearer " + TOKEN, "http://evil.example").statusCode()).isEqualTo(403);
    assertThat(post(initialize, "Bearer " + TOKEN, "http://127.0.0.1.evil.example").statusCode()).isEqualTo(403);
    assertThat(post(initialize, "Bearer " + TOKEN, "http://localhost:6274").statusCode()).isEqualTo(200);
    HttpResponse<String> noOrigin = post(initialize, "Bearer " + TOKEN, null);
    assertThat(noOrigin.statusCode()).isEqualTo(200);
    assertThat(McpFixture.JSON.readTree(noOrigin.body()).get("result").get("serverInfo").get("name").asText()).isEqualTo("cto");
  }

  private static HttpResponse<String> post(String body, String authorization, String origin) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/mcp"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (origin != null) {
      request.header("Origin", origin);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
