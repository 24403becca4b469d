package dev.cto.costs.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cto.costs.analytics.AnomalyData;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.cli.CliRun;
import dev.cto.costs.cli.Main;
import dev.cto.costs.store.jdbc.JdbcStore;
import dev.cto.costs.web.ServerOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MCP inspector asking the {@code costs} tool for anomalies (stdio and HTTP): the CLI's JSON, planted cases included. */
class AnomaliesInspectorTest {

  private static final String SINCE = AnomalyData.SCOPE_FROM.toString();
  private static final String UNTIL = AnomalyData.LAST.toString();

  @TempDir static Path dir;
  static Path db;
  static CollectorService service;

  @BeforeAll
  static void start() {
    db = dir.resolve("costs.db");
    try (JdbcStore store = JdbcStore.openSqlite(db)) {
      store.insert(AnomalyData.generate(7).records());
    }
    service = CollectorService.start(new AppOptions(db, null, null),
        new ServerOptions("127.0.0.1", 0, List.of(), 1 << 20, 1000, 14));
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  private static JsonNode cliJson(String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("costs", "anomalies", "--db", db.toString(), "--since", SINCE, "--until", UNTIL,
        "--format", "json"));
    args.addAll(List.of(more));
    CliRun run = CliRun.cli(args.toArray(String[]::new));
    assertThat(run.exit()).as(run.err()).isZero();
    return McpFixture.JSON.readTree(run.out());
  }

  private static JsonNode call(List<String> target, String... toolArgs) throws Exception {
    List<String> args = new ArrayList<>(target);
    args.addAll(List.of("--method", "tools/call", "--tool-name", "costs"));
    for (String a : toolArgs) {
      args.addAll(List.of("--tool-arg", a));
    }
    Inspector.Result r = Inspector.run(args);
    assertThat(r.exitCode()).as("inspector failed: %s%s", r.out(), r.err()).isZero();
    JsonNode result = McpFixture.JSON.readTree(r.out());
    assertThat(result.get("isError").asBoolean()).as(r.out()).isFalse();
    return result;
  }

  @Test
  void overHttpAndStdioTheAnomaliesEqualTheCliJson() throws Exception {
    Inspector.assumeNode();
    JsonNode cli = cliJson();
    assertThat(cli.get("anomalies").size()).isGreaterThanOrEqualTo(27);

    JsonNode http = call(List.of("http://127.0.0.1:" + service.port() + "/mcp", "--transport", "http"),
        "report=anomalies", "since=" + SINCE, "until=" + UNTIL);
    McpFixture.assertSameDocument(http.get("structuredContent"), cli);
    assertThat(http.get("content").get(0).get("text").asText()).startsWith("Cost anomalies, " + SINCE + " to " + UNTIL);

    List<String> stdio = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "costs", "mcp", "--db", db.toString());
    JsonNode overStdio = call(stdio, "kind=pr_cost", "agent=rex", "since=" + SINCE, "until=" + UNTIL);
    McpFixture.assertSameDocument(overStdio.get("structuredContent"), cliJson("--kind", "pr_cost", "--agent", "rex"));
  }
}
