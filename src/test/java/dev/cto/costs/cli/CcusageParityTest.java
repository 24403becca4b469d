package dev.cto.costs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.capture.logs.LogGenerator;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CostsApp;
import dev.cto.costs.store.Dimension;
import dev.cto.costs.store.GroupTotals;
import dev.cto.costs.store.UsageFilter;
import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parity with the real ccusage 20.0.24 (the npm harness in {@code src/test/node}): on the same
 * generated logs, the same tokens per UTC day and model, for Claude Code and Codex, and the same
 * cost wherever both pricing rules agree. Where a request's input exceeds 200k tokens the rules
 * differ (ccusage prices only the tokens above 200k at long-context rates, providers and we the
 * whole request): there each side must equal its own figure in the generator's manifest.
 */
class CcusageParityTest {

  static final Path CCUSAGE = Path.of("src/test/node/node_modules/ccusage/src/cli.js");
  static final ObjectMapper JSON = new ObjectMapper();
  /** ccusage sums costs in doubles: its figures are exact to about 1e-12 dollars, far below a cent. */
  static final Offset<BigDecimal> CCUSAGE_PRECISION = Offset.offset(new BigDecimal("0.000001"));

  @TempDir static Path data;
  /** The database of the last {@link #ours} import. */
  static Path lastDb;

  /** One day and model: the four token kinds and the cost. */
  record Row(long input, long output, long cacheCreation, long cacheRead, BigDecimal cost) {
    List<Long> tokens() {
      return List.of(input, output, cacheCreation, cacheRead);
    }
  }

  @BeforeAll
  static void requireCcusage() {
    boolean node = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "node")));
    Assumptions.assumeTrue(node, "node is not on the PATH: ccusage cannot run");
    assertThat(CCUSAGE).as("ccusage is not installed: run npm ci --prefix src/test/node (.ci/run does)").exists();
  }

  @Test
  void claudeCodeDefaultSettingsSameTokensPerDayAndModel() throws Exception {
    Path logs = data.resolve("claude-default");
    JsonNode manifest = generate(logs, "--usage-lines", "3000", "--lines-per-file", "300", "--days", "5", "--seed", "31");
    assertClaudeParity(logs, manifest);
  }

  @Test
  void claudeCodeWithoutHugeRequestsSameTokensAndCost() throws Exception {
    Path logs = data.resolve("claude-no-huge");
    // short sessions: many of them have no request over 200k, on every model
    JsonNode manifest = generate(logs, "--usage-lines", "3000", "--lines-per-file", "40", "--days", "5",
        "--huge-ratio", "0", "--seed", "32");
    assertClaudeParity(logs, manifest);

    // per session, where no request's input exceeds 200k both rules agree: the cost must be the same
    Map<String, Session> ours = new TreeMap<>();
    try (CostsApp app = CostsApp.open(new AppOptions(lastDb, null, null))) {
      app.queries().forEachRecord(UsageFilter.ALL, r -> ours.merge(r.record().sessionId(),
          new Session(r.record().tokens().input(), r.record().tokens().output(), r.record().tokens().cacheCreation(),
              r.record().tokens().cacheRead(), r.cost().toBigDecimal(), r.record().tokens().wholeInput() > 200_000,
              r.record().model()), Session::plus));
    }
    Map<String, Session> theirs = new TreeMap<>();
    for (JsonNode s : ccusage(logs, "CLAUDE_CONFIG_DIR", "session").get("session")) {
      theirs.put(s.get("period").asText(), new Session(s.get("inputTokens").asLong(), s.get("outputTokens").asLong(),
          s.get("cacheCreationTokens").asLong(), s.get("cacheReadTokens").asLong(), s.get("totalCost").decimalValue(),
          false, String.join(",", sorted(s.get("modelsUsed")))));
    }
    assertThat(ours.keySet()).isEqualTo(theirs.keySet());
    java.util.Set<String> comparedModels = new java.util.TreeSet<>();
    ours.forEach((id, our) -> {
      Session their = theirs.get(id);
      assertThat(our.tokens()).as(id).isEqualTo(their.tokens());
      assertThat(our.models()).as(id).isEqualTo(their.models());
      if (our.longContext()) {
        // higher when the model has long-context rates (Sonnet), the same when it has none (Opus 4.5, Haiku 4.5)
        assertThat(our.cost()).as(id).isGreaterThan(their.cost().subtract(CCUSAGE_PRECISION.value));
      } else {
        assertThat(our.cost()).as(id).isCloseTo(their.cost(), CCUSAGE_PRECISION);
        comparedModels.addAll(List.of(our.models().split(",")));
      }
    });
    // not vacuous: the model with long-context rates is among the sessions compared to the cent and beyond
    assertThat(comparedModels).contains("claude-sonnet-4-5-20250929");
  }

  /** One session's sums; {@code longContext}: some request's whole input exceeds 200k tokens. */
  record Session(long input, long output, long cacheCreation, long cacheRead, BigDecimal cost, boolean longContext,
      String models) {
    List<Long> tokens() {
      return List.of(input, output, cacheCreation, cacheRead);
    }

    Session plus(Session o) {
      java.util.TreeSet<String> all = new java.util.TreeSet<>(List.of(models.split(",")));
      all.addAll(List.of(o.models.split(",")));
      return new Session(input + o.input, output + o.output, cacheCreation + o.cacheCreation, cacheRead + o.cacheRead,
          cost.add(o.cost), longContext || o.longContext, String.join(",", all));
    }
  }

  private static List<String> sorted(JsonNode strings) {
    List<String> out = new java.util.ArrayList<>();
    strings.forEach(m -> out.add(m.asText()));
    java.util.Collections.sort(out);
    return out;
  }

  @Test
  void codexSameTokensAndCostPerDay() throws Exception {
    Path claude = data.resolve("codex-claude");
    Path codex = data.resolve("codex");
    generate(claude, "--usage-lines", "50", "--codex-out", codex.toString(), "--codex-events", "900", "--days", "4",
        "--seed", "33");
    Map<String, Row> ours = ours(codex, "codex");
    JsonNode report = ccusage(codex, "CODEX_HOME", "codex", "daily");

    Map<String, Row> theirs = new TreeMap<>();
    Map<String, BigDecimal> theirCostPerDay = new TreeMap<>();
    for (JsonNode day : report.get("daily")) {
      String date = day.get("date").asText();
      // ccusage's codex report already splits input: inputTokens excludes the cached part, which
      // is cacheReadTokens; outputTokens includes reasoning; the same normalisation as ours
      day.get("models").fields().forEachRemaining(m -> theirs.put(date + " " + m.getKey(), new Row(
          m.getValue().get("inputTokens").asLong(), m.getValue().get("outputTokens").asLong(),
          m.getValue().get("cacheCreationTokens").asLong(), m.getValue().get("cacheReadTokens").asLong(), null)));
      theirCostPerDay.put(date, day.get("costUSD").decimalValue());
    }
    assertThat(ours.keySet()).isEqualTo(theirs.keySet()).isNotEmpty();
    ours.forEach((key, row) -> assertThat(row.tokens()).as(key).isEqualTo(theirs.get(key).tokens()));
    Map<String, BigDecimal> ourCostPerDay = new TreeMap<>();
    ours.forEach((key, row) -> ourCostPerDay.merge(key.substring(0, 10), row.cost(), BigDecimal::add));
    assertThat(ourCostPerDay.keySet()).isEqualTo(theirCostPerDay.keySet());
    ourCostPerDay.forEach((day, cost) -> assertThat(cost).as(day).isCloseTo(theirCostPerDay.get(day), CCUSAGE_PRECISION));
  }

  /** @return per day-model key, "same" where the cost was compared directly, "long-context" otherwise */
  private static Map<String, String> assertClaudeParity(Path logs, JsonNode manifest) throws Exception {
    Map<String, Row> ours = ours(logs, "claude-code");
    JsonNode report = ccusage(logs, "CLAUDE_CONFIG_DIR", "daily");

    Map<String, Row> theirs = new TreeMap<>();
    Map<String, List<String>> theirModels = new TreeMap<>();
    for (JsonNode day : report.get("daily")) {
      String date = day.get("period").asText();
      for (JsonNode b : day.get("modelBreakdowns")) {
        theirs.put(date + " " + b.get("modelName").asText(), new Row(b.get("inputTokens").asLong(),
            b.get("outputTokens").asLong(), b.get("cacheCreationTokens").asLong(), b.get("cacheReadTokens").asLong(),
            b.get("cost").decimalValue()));
      }
      theirModels.put(date, sorted(day.get("modelsUsed")));
    }
    Map<String, List<String>> ourModels = new TreeMap<>();
    ours.keySet().forEach(key -> ourModels.computeIfAbsent(key.substring(0, 10), d -> new java.util.ArrayList<>())
        .add(key.substring(11)));
    ourModels.values().forEach(java.util.Collections::sort);

    assertThat(ours.keySet()).isEqualTo(theirs.keySet()).isNotEmpty();
    assertThat(ourModels).isEqualTo(theirModels);
    Map<String, String> compared = new TreeMap<>();
    JsonNode expected = manifest.at("/claude/expectedByDayModel");
    ours.forEach((key, row) -> {
      Row their = theirs.get(key);
      assertThat(row.tokens()).as(key).isEqualTo(their.tokens());
      JsonNode m = expected.get(key.substring(0, 10)).get(key.substring(11));
      BigDecimal providers = m.get("cost").decimalValue();
      BigDecimal ccusageRule = m.get("costCcusage").decimalValue();
      if (providers.subtract(ccusageRule).abs().compareTo(new BigDecimal("1e-9")) <= 0) {
        assertThat(row.cost()).as(key).isCloseTo(their.cost(), CCUSAGE_PRECISION);
        compared.put(key, "same");
      } else {
        // a request over 200k tokens: the documented difference, each side right by its own rule
        assertThat(row.cost()).as(key + " (providers' rule)").isCloseTo(providers, CCUSAGE_PRECISION);
        assertThat(their.cost()).as(key + " (ccusage's rule)").isCloseTo(ccusageRule, CCUSAGE_PRECISION);
        assertThat(row.cost()).as(key).isGreaterThan(their.cost());
        compared.put(key, "long-context");
      }
    });
    return compared;
  }

  /** Imports with our CLI into a fresh SQLite file and sums per UTC day and model in the store. */
  private static Map<String, Row> ours(Path logs, String cli) throws Exception {
    Path db = Files.createTempDirectory(data, "db").resolve("costs.db");
    lastDb = db;
    CliRun run = CliRun.cli("costs", "import", cli, logs.toString(), "--settle", "0", "--db", db.toString(), "--json");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(JSON.readTree(run.out()).get("skipped").asLong()).isZero();
    Map<String, Row> rows = new TreeMap<>();
    try (CostsApp app = CostsApp.open(new AppOptions(db, null, null))) {
      for (GroupTotals g : app.queries().aggregate(UsageFilter.ALL, Dimension.DAY, Dimension.MODEL)) {
        assertThat(g.unpricedRecords()).as(g.key() + " unpriced").isZero();
        rows.put(g.key().get(0) + " " + g.key().get(1), new Row(g.tokens().input(), g.tokens().output(),
            g.tokens().cacheCreation(), g.tokens().cacheRead(), g.cost().toBigDecimal()));
      }
    }
    return rows;
  }

  /** Runs ccusage offline in UTC, with a fresh HOME so nothing but the given folder is read. */
  private static JsonNode ccusage(Path logs, String envVar, String... command) throws Exception {
    Path home = Files.createTempDirectory(data, "home");
    Path out = Files.createTempFile(data, "ccusage", ".json");
    Path err = Files.createTempFile(data, "ccusage", ".err");
    List<String> args = new java.util.ArrayList<>(List.of("node", CCUSAGE.toAbsolutePath().toString()));
    args.addAll(List.of(command));
    args.addAll(List.of("--json", "--offline", "--timezone", "UTC"));
    ProcessBuilder pb = new ProcessBuilder(args).directory(home.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    Map<String, String> env = pb.environment();
    String path = env.get("PATH");
    env.clear(); // no CLAUDE_CONFIG_DIR / CODEX_HOME of the machine running the tests
    env.put("PATH", path);
    env.put("HOME", home.toString());
    env.put("LOG_LEVEL", "0");
    env.put(envVar, logs.toString());
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("ccusage did not finish within 120 s: " + Files.readString(err));
    }
    assertThat(p.exitValue()).as("ccusage: " + Files.readString(err)).isZero();
    return JSON.readTree(out.toFile());
  }

  private static JsonNode generate(Path out, String... options) throws Exception {
    return LogGenerator.generate(out, options);
  }
}
