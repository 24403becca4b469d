package dev.cto.costs.mcp;

import static dev.cto.costs.mcp.McpFixture.assertSameDocument;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.web.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official MCP inspector CLI (TypeScript SDK client) calling {@code tools/list} and
 * {@code tools/call}: over stdio it starts {@code cto-cli costs mcp} itself, as an agent's MCP
 * client does; over HTTP it talks to {@code serve}'s {@code /mcp} on 127.0.0.1 with the bearer
 * token. The structured results equal the CLI's JSON reports of the same SQLite file.
 */
class McpInspectorTest {

  private static final String TOKEN = "inspector-token";

  @TempDir static Path dir;
  private static McpFixture data;
  private static CollectorService service;

  @BeforeAll
  static void start() throws Exception {
    data = McpFixture.create(dir);
    service = CollectorService.start(new AppOptions(data.db, null, data.config),
        new ServerOptions("127.0.0.1", 0, List.of(TOKEN), 1 << 20, 1000, 14));
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @BeforeEach
  void needsNode() {
    Inspector.assumeNode();
  }

  /** The stdio server as the target; the config file travels in the environment (-e). */
  private static List<String> stdio(String... method) {
    List<String> args = new ArrayList<>(data.mcpCommand().subList(0, data.mcpCommand().size() - 2)); // without --config
    args.addAll(List.of("-e", "COST_CONFIG_PATH=" + data.config));
    args.addAll(List.of(method));
    return args;
  }

  private static List<String> http(String token, String... method) {
    List<String> args = new ArrayList<>(List.of("http://127.0.0.1:" + service.port() + "/mcp", "--transport", "http",
        "--header", "Authorization: Bearer " + token));
    args.addAll(List.of(method));
    return args;
  }

  private static JsonNode ok(Inspector.Result r) throws Exception {
    assertThat(r.exitCode()).as("inspector failed: %s%s", r.out(), r.err()).isZero();
    return McpFixture.JSON.readTree(r.out());
  }

  @Test
  void toolsListOverStdioAndHttpShowsCostsAndBudgetWithSchemas() throws Exception {
    for (JsonNode listed : List.of(ok(Inspector.run(stdio("--method", "tools/list"))),
        ok(Inspector.run(http(TOKEN, "--method", "tools/list"))))) {
      Map<String, JsonNode> tools = new java.util.HashMap<>();
      listed.get("tools").forEach(t -> tools.put(t.get("name").asText(), t));
      assertThat(tools).containsOnlyKeys("costs", "budget");
      assertThat(tools.get("costs").get("inputSchema").get("properties").get("model").get("type").asText()).isEqualTo("array");
      JsonNode costs = tools.get("costs").get("inputSchema").get("properties");
      assertThat(costs.get("pr").get("type").asText()).isEqualTo("integer");
      assertThat(costs.get("compare").get("type").asText()).isEqualTo("array");
      assertThat(costs.get("month").get("description").asText()).contains("previous");
      assertThat(tools.get("budget").get("inputSchema").get("properties")).hasSize(3);
      assertThat(tools.get("budget").get("inputSchema").get("properties").get("name").get("type").asText()).isEqualTo("string");
    }
  }

  @Test
  void toolsCallOverStdioEqualsTheCliJson() throws Exception {
    JsonNode result = ok(Inspector.run(stdio("--method", "tools/call", "--tool-name", "costs",
        "--tool-arg", "pr=101", "--tool-arg", "repository=5dlabs/cto", "--tool-arg", "detailed=true")));

    assertThat(result.get("isError").asBoolean()).isFalse();
    assertSameDocument(result.get("structuredContent"), data.cliJson("show", "--pr", "101", "--repo", "5dlabs/cto", "--detailed"));
    assertThat(result.get("content").get(0).get("text").asText()).startsWith("Cost report: 5dlabs/cto PR #101");
  }

  @Test
  void toolsCallOverHttpEqualsTheCliJson() throws Exception {
    assertSameDocument(ok(Inspector.run(http(TOKEN, "--method", "tools/call", "--tool-name", "costs",
            "--tool-arg", "compare=[101,102]", "--tool-arg", "repository=5dlabs/cto"))).get("structuredContent"),
        data.cliJson("compare", "--prs", "101,102", "--repo", "5dlabs/cto"));
    assertSameDocument(ok(Inspector.run(http(TOKEN, "--method", "tools/call", "--tool-name", "costs",
            "--tool-arg", "agent=cleo", "--tool-arg", "since=2020-01-01"))).get("structuredContent"),
        data.cliJson("agent", "--name", "cleo", "--since", "2020-01-01"));
    assertSameDocument(ok(Inspector.run(http(TOKEN, "--method", "tools/call", "--tool-name", "costs",
            "--tool-arg", "report=summary", "--tool-arg", "month=current"))).get("structuredContent"),
        data.cliJson("summary", "--month", "current"));

    JsonNode budget = ok(Inspector.run(http(TOKEN, "--method", "tools/call", "--tool-name", "budget", "--tool-arg", "pr=102",
        "--tool-arg", "repository=5dlabs/cto"))).get("structuredContent");
    assertThat(budget.get("spent_usd").decimalValue())
        .isEqualByComparingTo(data.cliJson("show", "--pr", "102", "--repo", "5dlabs/cto").get("total_cost_usd").decimalValue());
  }

  /** Any configured budget, over both transports, as {@code costs budgets} shows it. */
  @Test
  void theBudgetToolAnswersForAnyConfiguredBudget() throws Exception {
    JsonNode all = ok(Inspector.run(stdio("--method", "tools/call", "--tool-name", "budget")));
    assertThat(all.get("isError").asBoolean()).as(all.toString()).isFalse();
    assertSameDocument(all.get("structuredContent"), data.cliJson("budgets"));
    assertThat(all.get("structuredContent").get("budgets")).hasSize(2);
    assertThat(all.get("content").get(0).get("text").asText()).contains("pr-cap").contains("idle-month");

    JsonNode one = ok(Inspector.run(http(TOKEN, "--method", "tools/call", "--tool-name", "budget",
        "--tool-arg", "name=idle-month"))).get("structuredContent");
    assertThat(one.get("budgets")).hasSize(1);
    assertSameDocument(one.get("budgets").get(0), data.cliJson("budgets").get("budgets").get(1));

    JsonNode prCap = ok(Inspector.run(http(TOKEN, "--method", "tools/call", "--tool-name", "budget",
        "--tool-arg", "name=pr-cap", "--tool-arg", "pr=102", "--tool-arg", "repository=5dlabs/cto"))).get("structuredContent");
    assertSameDocument(prCap, data.cliJson("budgets", "--pr", "102", "--repo", "5dlabs/cto"));

    JsonNode unknown = ok(Inspector.run(http(TOKEN, "--method", "tools/call", "--tool-name", "budget",
        "--tool-arg", "name=nope")));
    assertThat(unknown.get("isError").asBoolean()).isTrue();
    assertThat(unknown.get("content").get(0).get("text").asText())
        .contains("no budget named 'nope'").contains("configured: pr-cap, idle-month");
  }

  /** What PR 101 (and rex over the last 90 days) would have cost on Opus instead of Sonnet, over both transports. */
  @Test
  void whatIfOverStdioAndHttpEqualsTheCliJson() throws Exception {
    String swap = "claude-sonnet-*=claude-opus-4-5";
    JsonNode pr = ok(Inspector.run(stdio("--method", "tools/call", "--tool-name", "costs",
        "--tool-arg", "model=[\"" + swap + "\"]", "--tool-arg", "pr=101", "--tool-arg", "repository=5dlabs/cto")));
    assertThat(pr.get("isError").asBoolean()).as(pr.toString()).isFalse();
    JsonNode cliPr = data.cliJson("whatif", "--pr", "101", "--repo", "5dlabs/cto", "--model", swap);
    assertSameDocument(pr.get("structuredContent"), cliPr);
    assertThat(cliPr.get("by_model").size()).isPositive();
    assertThat(pr.get("content").get(0).get("text").asText()).startsWith("What-if: PR #101 of 5dlabs/cto");

    JsonNode period = ok(Inspector.run(http(TOKEN, "--method", "tools/call", "--tool-name", "costs",
        "--tool-arg", "report=whatif", "--tool-arg", "model=" + swap, "--tool-arg", "agent=rex")));
    assertSameDocument(period.get("structuredContent"), data.cliJson("whatif", "--agent", "rex", "--model", swap));

    JsonNode bad = ok(Inspector.run(http(TOKEN, "--method", "tools/call", "--tool-name", "costs",
        "--tool-arg", "model=claude-sonnet-4-5=nope-9", "--tool-arg", "pr=101")));
    assertThat(bad.get("isError").asBoolean()).isTrue();
    assertThat(bad.get("content").get(0).get("text").asText()).startsWith("model: TO 'nope-9' (in claude-sonnet-4-5=nope-9) is not in the pricing catalog");
  }

  /** The efficiency report over stdio and HTTP: the CLI's document, and the same scope flags. */
  @Test
  void efficiencyOverStdioAndHttpEqualsTheCliJson() throws Exception {
    String since = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(60).toString();
    String until = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).toString();
    JsonNode cli = data.cliJson("efficiency", "--since", since, "--until", until);
    JsonNode cliRex = data.cliJson("efficiency", "--since", since, "--until", until, "--agent", "rex", "--repo", "5dlabs/cto");
    assertThat(cli.get("agents").size()).isGreaterThan(1);

    JsonNode overStdio = ok(Inspector.run(stdio("--method", "tools/call", "--tool-name", "costs", "--tool-arg", "report=efficiency",
        "--tool-arg", "since=" + since, "--tool-arg", "until=" + until)));
    assertThat(overStdio.get("isError").asBoolean()).isFalse();
    assertSameDocument(overStdio.get("structuredContent"), cli);
    assertThat(overStdio.get("content").get(0).get("text").asText()).startsWith("Agent efficiency: " + since + " to " + until);

    assertSameDocument(ok(Inspector.run(http(TOKEN, "--method", "tools/call", "--tool-name", "costs", "--tool-arg", "report=efficiency",
        "--tool-arg", "since=" + since, "--tool-arg", "until=" + until, "--tool-arg", "agent=rex",
        "--tool-arg", "repository=5dlabs/cto"))).get("structuredContent"), cliRex);

    JsonNode bad = ok(Inspector.run(http(TOKEN, "--method", "tools/call", "--tool-name", "costs", "--tool-arg", "report=efficiency",
        "--tool-arg", "until=yesterday")));
    assertThat(bad.get("isError").asBoolean()).isTrue();
    assertThat(bad.get("content").get(0).get("text").asText()).isEqualTo("until: 'yesterday' is not a day (use YYYY-MM-DD, e.g. 2026-11-30)");
  }

  @Test
  void aBadArgumentIsAToolErrorNamingIt() throws Exception {
    JsonNode overStdio = ok(Inspector.run(stdio("--method", "tools/call", "--tool-name", "costs", "--tool-arg", "pr=-4")));
    assertThat(overStdio.get("isError").asBoolean()).isTrue();
    assertThat(overStdio.get("content").get(0).get("text").asText()).isEqualTo("pr must be a positive integer, was -4");

    JsonNode overHttp = ok(Inspector.run(http(TOKEN, "--method", "tools/call", "--tool-name", "costs", "--tool-arg", "month=May")));
    assertThat(overHttp.get("isError").asBoolean()).isTrue();
    assertThat(overHttp.get("content").get(0).get("text").asText()).contains("month: 'May' is not a month");
  }

  /** The inspector prints the refusal's body, not its status (401 and 403 are asserted in McpJavaClientTest). */
  @Test
  void aWrongTokenOrAForeignOriginIsRefusedOverHttp() throws Exception {
    Inspector.Result wrongToken = Inspector.run(http("not-the-token", "--method", "tools/list"));
    assertThat(wrongToken.exitCode()).isNotZero();
    assertThat(wrongToken.out() + wrongToken.err()).contains("invalid bearer token");

    List<String> foreign = new ArrayList<>(http(TOKEN, "--method", "tools/list"));
    foreign.addAll(List.of("--header", "Origin: http://evil.example"));
    Inspector.Result refused = Inspector.run(foreign);
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.out() + refused.err()).contains("Invalid Origin header");
  }

  /** The README's client config, as the inspector reads it (the format of Claude Code and Cursor). */
  @Test
  void theReadmeClientConfigStartsTheStdioServer() throws Exception {
    List<String> command = data.mcpCommand();
    Map<String, Object> config = Map.of("mcpServers", Map.of("cto", Map.of(
        "command", command.get(0), "args", command.subList(1, command.size()))));
    Path file = dir.resolve("mcp.json");
    Files.writeString(file, McpFixture.JSON.writeValueAsString(config));

    JsonNode result = ok(Inspector.run(List.of("--config", file.toString(), "--server", "cto",
        "--method", "tools/call", "--tool-name", "budget", "--tool-arg", "pr=101", "--tool-arg", "repository=5dlabs/cto")));

    assertThat(result.get("structuredContent").get("status").asText()).isEqualTo("warning");
  }
}
