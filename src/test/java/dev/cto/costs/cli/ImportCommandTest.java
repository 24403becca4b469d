package dev.cto.costs.cli;

import static dev.cto.costs.cli.CliRun.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.capture.logs.LogGenerator;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cto-cli costs import …} in-process, on logs from the test generator ({@link LogGenerator}). */
class ImportCommandTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path data;
  static JsonNode manifest;

  @TempDir Path tmp;


  @BeforeAll
  static void generate() throws Exception {
    manifest = LogGenerator.generate(data.resolve("claude"), "--usage-lines", "800", "--lines-per-file", "200",
        "--days", "3", "--seed", "21", "--codex-out", data.resolve("codex").toString(), "--codex-events", "300");
  }

  @Test
  void importsClaudeCodeOnceAndASecondRunReadsNothing() throws Exception {
    Path db = tmp.resolve("costs.db");
    CliRun first = cli("costs", "import", "claude-code", "--settle", "0", data.resolve("claude").toString(), "--db", db.toString(), "--json");
    CliRun second = cli("costs", "import", "claude-code", "--settle", "0", data.resolve("claude").toString(), "--db", db.toString(), "--json");

    assertThat(first.exit()).as(first.err()).isZero();
    JsonNode one = JSON.readTree(first.out());
    long unique = manifest.at("/claude/uniqueMessages").asLong();
    assertThat(one.get("records_new").asLong()).isEqualTo(unique);
    assertThat(one.get("responses").asLong() + one.get("repeated_lines").asLong())
        .isEqualTo(manifest.at("/claude/usageLines").asLong());
    assertThat(one.get("cost_usd").decimalValue()).isCloseTo(
        manifest.at("/claude/expectedTotalsAfterDedup/cost").decimalValue(), Offset.offset(new BigDecimal("0.00001")));
    assertThat(one.get("skipped").asLong()).isZero();
    assertThat(Files.exists(tmp.resolve("costs.db.import-state.json"))).isTrue();
    JsonNode two = JSON.readTree(second.out());
    assertThat(two.get("files_read").asLong()).isZero();
    assertThat(two.get("records_new").asLong()).isZero();
  }

  @Test
  void summaryPrintsWhatIsStoredOnStdoutAndTheImportsOwnLinesOnStderr() throws Exception {
    Path db = tmp.resolve("costs.db");
    String claude = data.resolve("claude").toString();
    CliRun first = cli("costs", "import", "claude-code", "--settle", "0", claude, "--db", db.toString(), "--summary", "--json");
    CliRun again = cli("costs", "import", "claude-code", "--settle", "0", claude, "--db", db.toString(), "--summary");
    CliRun alone = cli("costs", "summary", "--since", "2000-01-01", "--db", db.toString(), "--json");

    assertThat(first.exit()).as(first.err()).isZero();
    JsonNode summary = JSON.readTree(first.out()); // nothing but the summary on stdout
    BigDecimal expected = manifest.at("/claude/expectedTotalsAfterDedup/cost").decimalValue();
    assertThat(summary.get("total_cost_usd").decimalValue()).isCloseTo(expected, Offset.offset(new BigDecimal("0.00001")));
    assertThat(summary.get("records").asLong()).isEqualTo(manifest.at("/claude/uniqueMessages").asLong());
    // the period starts on the first day with spend, not at the epoch it was asked from
    JsonNode days = summary.get("by_day");
    assertThat(summary.get("from").asText()).isEqualTo(days.get(0).get("date").asText() + "T00:00:00Z");
    BigDecimal byDay = BigDecimal.ZERO;
    for (JsonNode day : days) {
      byDay = byDay.add(day.get("cost_usd").decimalValue());
    }
    assertThat(byDay).isEqualByComparingTo(summary.get("total_cost_usd").decimalValue());
    // the import says what it did on stderr, as text
    assertThat(first.err()).contains("claude-code: ").contains(" new, 0 already imported").contains("cost imported $");
    // the same figures as the summary command over everything
    JsonNode separate = JSON.readTree(alone.out());
    assertThat(separate.get("total_cost_usd").decimalValue()).isEqualByComparingTo(summary.get("total_cost_usd").decimalValue());
    assertThat(separate.get("by_day")).isEqualTo(days);
    // a re-run imports nothing and still shows what is stored
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.err()).contains("0 new");
    assertThat(again.out()).contains("Cost summary").contains("By day").contains(days.get(0).get("date").asText());
  }

  @Test
  void summaryNeedsAnImportThatEndsAndStoresAndCreatesNoDatabaseForNothing() throws Exception {
    Path db = tmp.resolve("costs.db");
    String claude = data.resolve("claude").toString();
    CliRun watch = cli("costs", "import", "claude-code", claude, "--db", db.toString(), "--watch", "--summary");
    CliRun dry = cli("costs", "import", "claude-code", claude, "--db", db.toString(), "--dry-run", "--summary");
    Path empty = Files.createDirectories(tmp.resolve("empty/projects"));
    CliRun nothing = cli("costs", "import", "claude-code", empty.getParent().toString(), "--db", db.toString(), "--summary");

    assertThat(watch.exit()).isEqualTo(2);
    assertThat(watch.err()).contains("--summary cannot be combined with --watch");
    assertThat(dry.exit()).isEqualTo(2);
    assertThat(dry.err()).contains("--summary cannot be combined with --dry-run");
    assertThat(nothing.exit()).as(nothing.err()).isZero();
    assertThat(nothing.err()).contains("no spend to summarise");
    assertThat(nothing.out()).isEmpty();
    assertThat(db).doesNotExist();
  }

  @Test
  void flagsAttributeEveryImportedRecord() {
    Path db = tmp.resolve("costs.db");
    CliRun run = cli("costs", "import", "codex", "--settle", "0", data.resolve("codex").toString(), "--db", db.toString(),
        "--pr", "77", "--repo", "5dlabs/cto", "--agent", "blaze", "--stage", "code", "--iteration", "2");
    CliRun show = cli("costs", "show", "--pr", "77", "--repo", "5dlabs/cto", "--db", db.toString(), "--format", "json");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("codex: ").contains("300 new").contains("cost imported $");
    assertThat(show.exit()).as(show.err()).isZero();
    assertThat(show.out()).contains("blaze").contains("gpt-5");
  }

  @Test
  void attributionRulesFromTheCostConfigChargeSessionsAndFlagsOverrideThem() throws Exception {
    Path config = Files.writeString(tmp.resolve("cost-config.yaml"), """
        attribution:
          rules:
            - match: {cwd: "/code/(service)-00$"}
              set: {repository: "5dlabs/$1", pr: "7", agent: "rex", stage: "code"}
        """);
    Path db = tmp.resolve("costs.db");
    CliRun run = cli("costs", "import", "claude-code", "--settle", "0", data.resolve("claude").toString(), "--db", db.toString(),
        "--config", config.toString(), "--stage", "review");
    Path export = tmp.resolve("export.json");
    CliRun exported = cli("costs", "export", "-o", export.toString(), "--db", db.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(exported.exit()).as(exported.err()).isZero();
    java.util.Set<String> service00Sessions;
    try (var files = Files.list(data.resolve("claude/projects/-home-dev-code-service-00"))) {
      service00Sessions = files.map(f -> f.getFileName().toString().replace(".jsonl", ""))
          .collect(java.util.stream.Collectors.toSet());
    }
    List<JsonNode> records = new ArrayList<>();
    JSON.readTree(export.toFile()).forEach(records::add);
    assertThat(records).hasSize(manifest.at("/claude/uniqueMessages").asInt());
    assertThat(records).allSatisfy(r -> {
      assertThat(r.get("stage").asText()).isEqualTo("review");
      if (service00Sessions.contains(r.get("session_id").asText())) {
        assertThat(r.get("pr_number").asLong()).isEqualTo(7);
        assertThat(r.get("repository").asText()).isEqualTo("5dlabs/service");
        assertThat(r.get("agent").asText()).isEqualTo("rex");
      } else {
        assertThat(r.has("pr_number")).isFalse();
        assertThat(r.get("agent").asText()).isEqualTo("claude-code");
      }
    });
    assertThat(records).anySatisfy(r -> assertThat(r.get("agent").asText()).isEqualTo("rex"))
        .anySatisfy(r -> assertThat(r.get("agent").asText()).isEqualTo("claude-code"));
  }

  @Test
  void aDryRunStoresAndRemembersNothing() throws Exception {
    Path db = tmp.resolve("costs.db");
    CliRun dry = cli("costs", "import", "claude-code", "--settle", "0", data.resolve("claude").toString(), "--db", db.toString(), "--dry-run");
    CliRun real = cli("costs", "import", "claude-code", "--settle", "0", data.resolve("claude").toString(), "--db", db.toString(), "--json");
    CliRun dryAfter = cli("costs", "import", "claude-code", "--settle", "0", data.resolve("claude").toString(), "--db", db.toString(),
        "--dry-run", "--json");

    assertThat(dry.exit()).as(dry.err()).isZero();
    assertThat(dry.out()).startsWith("dry run (nothing stored)");
    assertThat(JSON.readTree(real.out()).get("records_new").asLong()).isEqualTo(manifest.at("/claude/uniqueMessages").asLong());
    // it reads the state the real run saved: nothing new to import
    assertThat(JSON.readTree(dryAfter.out()).get("files_read").asLong()).isZero();
  }

  @Test
  void badLinesAreListedOnStandardErrorAndTheRestImported() throws Exception {
    Path home = tmp.resolve("claude");
    Path log = home.resolve("projects/p/s.jsonl");
    Files.createDirectories(log.getParent());
    Files.writeString(log, "{broken\n" + Files.readAllLines(firstLog()).get(0) + "\n");
    CliRun run = cli("costs", "import", "claude-code", "--settle", "0", home.toString(), "--db", tmp.resolve("costs.db").toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).contains("skipped 1 bad lines").contains(log + ":1: malformed JSON");
  }

  @Test
  void aCorruptStateFileIsAClearErrorNotAStackTrace() throws Exception {
    Path state = Files.writeString(tmp.resolve("state.json"), "{not json");
    CliRun run = cli("costs", "import", "codex", data.resolve("codex").toString(), "--db", tmp.resolve("c.db").toString(),
        "--state", state.toString());

    assertThat(run.exit()).isNotZero();
    assertThat(run.err()).contains("cannot read the import state " + state + " (delete it to import from scratch)")
        .doesNotContain("\tat ");
  }

  @Test
  void helpHasExamplesAndAMissingFolderIsAClearError() {
    CliRun help = cli("costs", "import", "claude-code", "--settle", "0", "--help");
    CliRun missing = cli("costs", "import", "codex", "--settle", "0", tmp.resolve("nope").toString(), "--db", tmp.resolve("c.db").toString());

    assertThat(help.out()).contains("Examples:").contains("--dry-run").contains("--pr")
        .contains("import claude-code --summary ");
    assertThat(missing.exit()).isNotZero();
    assertThat(missing.err()).contains("no codex logs folder");
  }

  @Test
  void watchOptionsAreCheckedAndQuietPrintsNothing() {
    Path db = tmp.resolve("costs.db");
    String claude = data.resolve("claude").toString();
    CliRun dryWatch = cli("costs", "import", "claude-code", claude, "--db", db.toString(), "--watch", "--dry-run");
    CliRun zero = cli("costs", "import", "claude-code", claude, "--db", db.toString(), "--watch", "--interval", "0");
    CliRun quiet = cli("costs", "import", "claude-code", "--settle", "0", claude, "--db", db.toString(), "--quiet");
    CliRun again = cli("costs", "import", "claude-code", "--settle", "0", claude, "--db", db.toString(), "--json");

    assertThat(dryWatch.exit()).isNotZero();
    assertThat(dryWatch.err()).contains("--watch and --dry-run cannot be combined");
    assertThat(zero.exit()).isNotZero();
    assertThat(zero.err()).contains("--interval must be more than 0");
    assertThat(quiet.exit()).as(quiet.err()).isZero();
    assertThat(quiet.out()).isEmpty();
    assertThat(quiet.err()).isEmpty();
    // quiet or not, it imported: nothing is new the second time
    assertThat(again.out()).contains("\"records_new\" : 0");
  }

  @Test
  void aWatchPushingToACollectorThatRefusesItsTokenStopsWithTheReason() throws Exception {
    com.sun.net.httpserver.HttpServer collector =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext("/", exchange -> {
      byte[] body = "{\"error\":\"missing or wrong bearer token\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(401, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    collector.start();
    try {
      CliRun run = cli("costs", "import", "codex", "--settle", "0", data.resolve("codex").toString(), "--watch",
          "--interval", "0.1", "--state", tmp.resolve("state.json").toString(),
          "--server", "http://127.0.0.1:" + collector.getAddress().getPort());

      // not retried forever: a wrong token is not cured by waiting
      assertThat(run.exit()).isNotZero();
      assertThat(run.err()).contains("missing or wrong bearer token").contains("COST_API_TOKEN");
      assertThat(Files.exists(tmp.resolve("state.json"))).isFalse();
    } finally {
      collector.stop(0);
    }
  }

  private static Path firstLog() throws Exception {
    try (var files = Files.walk(data.resolve("claude/projects"))) {
      return files.filter(f -> f.toString().endsWith(".jsonl")).sorted().findFirst().orElseThrow();
    }
  }

}
