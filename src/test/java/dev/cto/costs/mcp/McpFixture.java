package dev.cto.costs.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cto.costs.cli.CliRun;
import dev.cto.costs.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A realistic SQLite file (the CLI's own demo data: several repositories, agents, models and
 * unpriced usage), a cost config with thresholds, and the CLI's JSON reports of that data: what
 * every MCP answer is compared with.
 */
final class McpFixture {

  static final String WARNING = "2.50";
  static final String ERROR = "3.50";
  static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  final Path db;
  final Path config;

  private McpFixture(Path db, Path config) {
    this.db = db;
    this.config = config;
  }

  static McpFixture create(Path dir) throws IOException {
    Path db = dir.resolve("costs.db");
    Path config = dir.resolve("cost-config.yaml");
    // budgets whose status does not move with the clock between two reads: a PR's whole life, and a
    // month of an agent without usage
    Files.writeString(config, "extends_default_pricing: true\nwarning_threshold: " + WARNING + "\nerror_threshold: " + ERROR + "\n"
        + "budgets:\n  - {name: pr-cap, scope: {pr: '*'}, period: pr, limit_usd: 5}\n"
        + "  - {name: idle-month, scope: {agent: nobody}, period: month, limit_usd: 10}\n");
    McpFixture fixture = new McpFixture(db, config);
    fixture.cli("costs", "demo", "--db", db.toString(), "--prs", "4");
    return fixture;
  }

  /** The CLI's {@code --format json} output of a report command on this data, parsed. */
  JsonNode cliJson(String... command) throws IOException {
    List<String> args = new ArrayList<>(List.of("costs"));
    args.addAll(List.of(command));
    args.addAll(List.of("--db", db.toString(), "--config", config.toString(), "--format", "json"));
    return JSON.readTree(cli(args.toArray(String[]::new)));
  }

  /** Options that make {@code costs mcp} or {@code serve} read this data. */
  List<String> storeArgs() {
    return List.of("--db", db.toString(), "--config", config.toString());
  }

  private String cli(String... args) {
    CliRun run = CliRun.cli(args);
    assertThat(run.exit()).as("cto-cli %s: %s", String.join(" ", args), run.err()).isZero();
    return run.out();
  }

  /** Same document: same fields, same order of lists, numbers equal as decimals (1.50 == 1.5). */
  static void assertSameDocument(JsonNode actual, JsonNode expected) {
    Comparator<JsonNode> numbersByValue = (a, b) -> a.isNumber() && b.isNumber()
        ? a.decimalValue().compareTo(b.decimalValue())
        : a.equals(b) ? 0 : 1;
    assertThat(actual.equals(numbersByValue, expected))
        .as("MCP structured content%n%s%nequals the CLI's JSON%n%s", actual.toPrettyString(), expected.toPrettyString())
        .isTrue();
  }

  /** {@code java -cp <this test run's classpath> dev.cto.costs.cli.Main costs mcp …}: the CLI as a process. */
  List<String> mcpCommand() {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "costs", "mcp"));
    command.addAll(storeArgs());
    return command;
  }
}
