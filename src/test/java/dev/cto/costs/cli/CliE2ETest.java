package dev.cto.costs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.cli.CliProcess.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar, as a process, against a temporary SQLite database. */
class CliE2ETest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private String db;

  @BeforeEach
  void setUp() {
    db = dir.resolve("data/costs.db").toString();
  }

  private Result cli(String... args) throws Exception {
    return CliProcess.run(dir, Map.of(), null, args);
  }

  private Result cliWithStdin(String stdin, String... args) throws Exception {
    return CliProcess.run(dir, Map.of(), stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  private static String rec(String id, int pr, String agent, String model, long in, long out, String stage, int iteration) {
    return String.format("{\"id\":\"%s\",\"repository\":\"5dlabs/cto\",\"pr_number\":%d,\"agent\":\"%s\",\"model\":\"%s\","
        + "\"input_tokens\":%d,\"output_tokens\":%d,\"stage\":\"%s\",\"iteration\":%d,\"timestamp\":\"2026-03-01T10:00:00Z\"}",
        id, pr, agent, model, in, out, stage, iteration);
  }

  @Test
  void theSeedScenarioThroughRecordAndShow() throws Exception {
    assertThat(cli("costs", "record", "--db", db, "--repo", "5dlabs/cto", "--pr", "123", "--agent", "rex", "--model", "claude-sonnet",
        "--input-tokens", "10000", "--output-tokens", "5000", "--stage", "code", "--id", "seed-1").out())
        .isEqualTo("recorded seed-1: $0.105\n");
    cli("costs", "record", "--db", db, "--repo", "5dlabs/cto", "--pr", "123", "--agent", "rex", "--model", "claude-sonnet",
        "--input-tokens", "2000", "--output-tokens", "1000", "--stage", "code", "--iteration", "2");
    cli("costs", "record", "--db", db, "--repo", "5dlabs/cto", "--pr", "123", "--agent", "cleo", "--model", "claude-sonnet",
        "--input-tokens", "500", "--output-tokens", "250", "--stage", "lint");
    Result again = cli("costs", "record", "--db", db, "--repo", "5dlabs/cto", "--pr", "123", "--agent", "rex", "--model", "claude-sonnet",
        "--input-tokens", "10000", "--output-tokens", "5000", "--stage", "code", "--id", "seed-1");
    assertThat(again.out()).startsWith("already recorded seed-1");

    Result show = cli("costs", "show", "--db", db, "--pr", "123", "--format", "json");

    assertThat(show.exitCode()).as(show.err()).isZero();
    JsonNode report = JSON.readTree(show.out());
    assertThat(report.get("total_input_tokens").asLong()).isEqualTo(12_500);
    assertThat(report.get("total_output_tokens").asLong()).isEqualTo(6_250);
    assertThat(report.get("agents")).hasSize(2);
    // (12,500 * 3 + 6,250 * 15) / 1e6 = 0.0375 + 0.09375
    assertThat(report.get("total_cost_usd").decimalValue()).isEqualByComparingTo("0.13125");
    assertThat(report.get("repository").asText()).isEqualTo("5dlabs/cto");

    Result table = cli("costs", "show", "--db", db, "--pr", "123", "--detailed");
    assertThat(table.out()).contains("Cost report: 5dlabs/cto PR #123").contains("By iteration").contains("$0.13");
  }

  @Test
  void ingestIsAllOrNothingAndReportsEveryBadLine() throws Exception {
    String body = rec("a", 1, "rex", "claude-sonnet", 100, 10, "code", 1) + "\n"
        + "{\"agent\":\"rex\",\"model\":\"m\",\"input_tokens\":-1,\"output_tokens\":1,\"stage\":\"code\"}\n"
        + rec("c", 1, "rex", "claude-sonnet", 100, 10, "code", 1) + "\n"
        + "{not json\n";
    Path file = Files.writeString(dir.resolve("usage.ndjson"), body);

    Result bad = cli("costs", "ingest", "--db", db, file.toString());

    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains("line 2: input_tokens: must be an integer from 0 to 10^12, was -1")
        .contains("line 4: malformed JSON").contains("2 invalid records (2 problems): nothing stored");
    // nothing was stored, so there is no database: a read says so and creates none (it used to
    // create the directories and an empty database, then report "no cost data")
    Result show = cli("costs", "show", "--db", db, "--pr", "1");
    assertThat(show.exitCode()).isEqualTo(1);
    assertThat(show.err()).startsWith("cto-cli: no cost database at " + db + ": ").contains("costs record").hasLineCount(1);
    assertThat(Path.of(db).getParent()).doesNotExist();

    String good = rec("a", 1, "rex", "claude-sonnet", 100, 10, "code", 1) + "\n" + rec("c", 1, "rex", "unknown-x", 100, 10, "code", 1) + "\n";
    // 100 * $3/M + 10 * $15/M = $0.00045, shown to four decimals rounded half-even
    assertThat(cliWithStdin(good, "costs", "ingest", "--db", db, "-").out())
        .isEqualTo("accepted 2 records, 0 duplicates skipped, cost $0.0004 (+ 1 unpriced records: run `cto-cli costs pricing check`)\n");
    Result json = cliWithStdin(good, "costs", "ingest", "--db", db, "--json", "-");
    assertThat(JSON.readTree(json.out()).get("duplicates").asInt()).isEqualTo(2);
    Result check = cli("costs", "pricing", "check", "--db", db);
    assertThat(check.exitCode()).isEqualTo(1);
    assertThat(check.out()).contains("unknown-x").contains("no price");
  }

  @Test
  void exportCanBeIngestedAgainIntoAnotherDatabaseWithTheSameReports() throws Exception {
    String body = rec("a", 7, "rex", "claude-sonnet-4-5", 1234, 567, "code", 1) + "\n" + rec("b", 7, "cleo", "gpt-5", 99, 1, "qa", 2) + "\n";
    cliWithStdin(body, "costs", "ingest", "--db", db, "-");
    Path export = dir.resolve("export.json");

    Result exported = cli("costs", "export", "--db", db, "--output", export.toString(), "--since", "2026-01-01");
    assertThat(exported.out()).contains("exported 2 records");
    Result csv = cli("costs", "export", "--db", db, "--output", "-", "--format", "csv");
    assertThat(csv.out().lines().findFirst().orElseThrow()).startsWith("id,repository,pr_number,agent");
    assertThat(csv.out().lines().count()).isEqualTo(3);

    String other = dir.resolve("other.db").toString();
    assertThat(cli("costs", "ingest", "--db", other, export.toString()).out()).startsWith("accepted 2 records");
    assertThat(cli("costs", "show", "--db", other, "--pr", "7", "--format", "json").out())
        .isEqualTo(cli("costs", "show", "--db", db, "--pr", "7", "--format", "json").out());
  }

  @Test
  void agentCompareAndSummaryReports() throws Exception {
    String body = rec("a", 1, "rex", "claude-sonnet", 1_000_000, 0, "code", 1) + "\n" + rec("b", 2, "rex", "claude-sonnet", 2_000_000, 0, "code", 3)
        + "\n" + rec("c", 2, "tess", "claude-sonnet", 0, 100_000, "qa", 1) + "\n";
    cliWithStdin(body, "costs", "ingest", "--db", db, "-");

    JsonNode agent = JSON.readTree(cli("costs", "agent", "--db", db, "--name", "rex", "--since", "2026-03-01", "--format", "json").out());
    assertThat(agent.get("total_cost_usd").decimalValue()).isEqualByComparingTo("9");
    assertThat(agent.get("prs")).hasSize(2);
    JsonNode compare = JSON.readTree(cli("costs", "compare", "--db", db, "--prs", "2,1", "--format", "json").out());
    assertThat(compare.get("reports").get(0).get("pr_number").asInt()).isEqualTo(2);
    assertThat(compare.get("reports").get(0).get("total_cost_usd").decimalValue()).isEqualByComparingTo("7.5");
    JsonNode summary = JSON.readTree(cli("costs", "summary", "--db", db, "--month", "2026-03", "--format", "json").out());
    assertThat(summary.get("total_cost_usd").decimalValue()).isEqualByComparingTo("10.5");
    assertThat(summary.get("prs").asInt()).isEqualTo(2);
    assertThat(cli("costs", "summary", "--db", db, "--month", "2026-03", "--format", "markdown").out()).contains("| Agent |");
    assertThat(cli("costs", "summary", "--db", db, "--month", "2026-03", "--format", "csv").out()).contains("section,agent,");
  }

  @Test
  void repriceAfterAddingAPriceAndRetention() throws Exception {
    cliWithStdin(rec("a", 1, "rex", "in-house-1", 1_000_000, 0, "code", 1) + "\n", "costs", "ingest", "--db", db, "-");
    Path config = Files.writeString(dir.resolve("cost-config.yaml"), """
        extends_default_pricing: true
        pricing:
          - model: in-house-1
            provider: acme
            input_cost_per_million: 0.5
            output_cost_per_million: 1
        """);

    Result reprice = cli("costs", "reprice", "--db", db, "--config", config.toString());
    assertThat(reprice.out()).contains("1 changed, 1 newly priced");
    assertThat(JSON.readTree(cli("costs", "show", "--db", db, "--pr", "1", "--format", "json").out()).get("total_cost_usd").decimalValue())
        .isEqualByComparingTo("0.5");

    assertThat(cli("costs", "cleanup", "--db", db, "--older-than", "90d", "--dry-run").out()).startsWith("would delete 1 records");
    assertThat(cli("costs", "cleanup", "--db", db, "--older-than", "90d").out()).startsWith("deleted 1 records");
    assertThat(cli("costs", "show", "--db", db, "--pr", "1").exitCode()).isEqualTo(1);
  }

  @Test
  void pricingListAndImport() throws Exception {
    assertThat(cli("costs", "pricing", "list", "--model", "sonnet-4-5").out()).contains("claude-sonnet-4-5").contains("above 200,000");
    Path out = dir.resolve("prices.yaml");
    Result imported = cli("costs", "pricing", "import", "--litellm", Path.of("data/litellm-model-prices-2026-07-24.json").toAbsolutePath().toString(),
        "--models", "^gpt-5\\.1", "--output", out.toString());
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    assertThat(Files.readString(out)).contains("model: gpt-5.1-codex").contains("input_cost_per_million: 1.25");
  }

  @Test
  void usageErrorsExitWith2AndOneClearLine() throws Exception {
    Result missing = cli("costs", "show", "--db", db);
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).startsWith("cto-cli: Missing required option: '--pr=N'");

    Result badDate = cli("costs", "agent", "--db", db, "--name", "rex", "--since", "yesterday");
    assertThat(badDate.exitCode()).isEqualTo(2);
    assertThat(badDate.err()).startsWith("cto-cli: --since: 'yesterday' is not a date");

    Result badFormat = cli("costs", "summary", "--db", db, "--format", "xml");
    assertThat(badFormat.exitCode()).isEqualTo(2);

    Result badConfig = cli("costs", "show", "--db", db, "--pr", "1", "--config", dir.resolve("nope.json").toString());
    assertThat(badConfig.exitCode()).isEqualTo(1);
    assertThat(badConfig.err()).isEqualTo("cto-cli: " + dir.resolve("nope.json") + ": no such file\n");

    Result help = cli("costs", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("Examples:").contains("record").contains("ingest").contains("show").contains("summary");
  }
}
