package dev.cto.costs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cto.costs.cli.CliProcess.Result;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code costs efficiency} from the packaged jar in every format, and the same document through a
 * running collector: {@code --server}, and {@code GET /v1/analytics/efficiency}. The figures are
 * worked out by hand below from the default catalog's claude-sonnet-4-5 ($3 input, $15 output,
 * $0.30 cache reads per million tokens).
 */
class EfficiencyE2ETest {

  private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
  private static final List<String> RANGE = List.of("--since", "2026-03-01", "--until", "2026-03-01");

  @TempDir Path dir;
  private String db;

  @BeforeEach
  void load() throws Exception {
    db = dir.resolve("costs.db").toString();
    Path file = Files.writeString(dir.resolve("u.ndjson"), String.join("\n",
        // rex, PR 1, iteration 2: $0.30 + $0.15 + $0.03 = $0.48; caching saved 100,000 × $2.70/M = $0.27
        rec("a", "1", "rex", "claude-sonnet-4-5", 100_000, 10_000, 100_000, 2),
        rec("b", "2", "rex", "claude-sonnet-4-5", 50_000, 0, 0, 1), // $0.15
        rec("c", "1", "tess", "claude-sonnet-4-5", 0, 20_000, 0, 1), // $0.30
        rec("d", "null", "rex", "claude-sonnet-4-5", 100_000, 0, 0, 1), // $0.30, no PR
        rec("e", "1", "rex", "who-knows", 5, 0, 0, 1), // unpriced
        rec("f", "1", "rex", "claude-sonnet-4-5", 1, 0, 0, 1).replace("2026-03-01T10", "2026-03-02T10")) // out of range
        + "\n");
    Result ingest = cli("costs", "ingest", "--db", db, file.toString());
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
  }

  private static String rec(String id, String pr, String agent, String model, long in, long out, long cacheRead, int iteration) {
    return String.format("{\"id\":\"%s\",\"repository\":\"5dlabs/cto\",\"pr_number\":%s,\"agent\":\"%s\",\"model\":\"%s\","
        + "\"input_tokens\":%d,\"output_tokens\":%d,\"cache_read_input_tokens\":%d,\"stage\":\"code\",\"iteration\":%d,"
        + "\"timestamp\":\"2026-03-01T10:00:00Z\"}", id, pr, agent, model, in, out, cacheRead, iteration);
  }

  private Result cli(String... args) throws Exception {
    return CliProcess.run(dir, Map.of(), null, args);
  }

  private Result efficiency(Map<String, String> env, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("costs", "efficiency"));
    args.addAll(RANGE);
    args.addAll(List.of(more));
    Result r = CliProcess.run(dir, env, null, args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r;
  }

  @Test
  void jsonHoldsTheHandWorkedFigures() throws Exception {
    JsonNode doc = JSON.readTree(efficiency(Map.of(), "--db", db, "--format", "json").out());

    assertThat(doc.get("from").asText()).isEqualTo("2026-03-01");
    assertThat(doc.get("to").asText()).isEqualTo("2026-03-01");
    JsonNode rex = doc.get("agents").get(0);
    assertThat(rex.get("agent").asText()).isEqualTo("rex"); // mean $0.315 per PR before tess's $0.30
    assertThat(rex.get("prs").asLong()).isEqualTo(2);
    assertThat(rex.get("records").asLong()).isEqualTo(4);
    assertThat(rex.get("iterations").asLong()).isEqualTo(3);
    assertThat(rex.get("cost_usd").decimalValue()).isEqualByComparingTo("0.93");
    JsonNode perPr = rex.get("cost_per_pr_usd");
    assertThat(perPr.get("mean").decimalValue()).isEqualByComparingTo("0.315");
    assertThat(perPr.get("median").decimalValue()).isEqualByComparingTo("0.15");
    assertThat(perPr.get("p90").decimalValue()).isEqualByComparingTo("0.48");
    assertThat(perPr.get("max").decimalValue()).isEqualByComparingTo("0.48");
    assertThat(rex.get("cost_per_iteration_usd").decimalValue()).isEqualByComparingTo("0.21");
    assertThat(rex.get("iterations_per_pr").decimalValue()).isEqualByComparingTo("1.5");
    assertThat(rex.get("cache_hit_ratio").decimalValue()).isEqualByComparingTo("0.28571"); // 100,000 / 350,005
    assertThat(rex.get("cache_savings_usd").decimalValue()).isEqualByComparingTo("0.27");
    assertThat(rex.get("output_tokens_per_usd").decimalValue()).isEqualByComparingTo("10752.688172");
    assertThat(rex.get("merged_prs").isNull()).isTrue(); // no outcome known: null, not 0
    assertThat(rex.get("cost_per_changed_line_usd").isNull()).isTrue();

    JsonNode tess = doc.get("agents").get(1);
    assertThat(tess.get("agent").asText()).isEqualTo("tess");
    assertThat(tess.get("cache_hit_ratio").decimalValue()).isEqualByComparingTo("0");
    assertThat(tess.get("output_tokens_per_usd").decimalValue()).isEqualByComparingTo("66666.666667");

    JsonNode totals = doc.get("totals");
    assertThat(totals.has("agent")).isFalse();
    assertThat(totals.get("prs").asLong()).isEqualTo(2);
    assertThat(totals.get("records").asLong()).isEqualTo(5);
    assertThat(totals.get("iterations").asLong()).isEqualTo(4); // PR 1: rex 2 + tess 1; PR 2: rex 1
    assertThat(totals.get("cost_usd").decimalValue()).isEqualByComparingTo("1.23");
    assertThat(totals.get("cost_per_pr_usd").get("mean").decimalValue()).isEqualByComparingTo("0.465");
    assertThat(totals.get("cost_per_pr_usd").get("median").decimalValue()).isEqualByComparingTo("0.15");
    assertThat(totals.get("cost_per_pr_usd").get("max").decimalValue()).isEqualByComparingTo("0.78");
    assertThat(totals.get("cost_per_iteration_usd").decimalValue()).isEqualByComparingTo("0.2325");
    assertThat(totals.get("output_tokens_per_usd").decimalValue()).isEqualByComparingTo("24390.243902");

    JsonNode models = doc.get("models");
    assertThat(models).hasSize(2);
    assertThat(models.get(0).get("model").asText()).isEqualTo("claude-sonnet-4-5");
    assertThat(models.get(0).get("provider").asText()).isEqualTo("anthropic");
    assertThat(models.get(0).get("records").asLong()).isEqualTo(4);
    assertThat(models.get(0).get("cache_savings_usd").decimalValue()).isEqualByComparingTo("0.27");
    assertThat(models.get(1).get("model").asText()).isEqualTo("who-knows");
    assertThat(models.get(1).get("cost_usd").decimalValue()).isEqualByComparingTo("0");
  }

  @Test
  void tableMarkdownAndCsvShowTheSameFigures() throws Exception {
    String table = efficiency(Map.of(), "--db", db).out();
    assertThat(table).startsWith("Agent efficiency: 2026-03-01 to 2026-03-01\n")
        .contains("Columns:", "Mean/Median/P90/Max = an agent's cost per PR", "$/Line = cost on merged PRs ÷ their changed lines")
        .contains("Agents, worst first (highest mean cost per PR)", "Models, highest cost first");
    assertThat(table.indexOf("  rex ")).isLessThan(table.indexOf("  tess "));
    assertThat(table).containsPattern("rex +2 +3 +\\$0\\.93 +\\$0\\.32 +\\$0\\.15 +\\$0\\.48 +\\$0\\.48 +\\$0\\.21 +1\\.50");
    assertThat(table).containsPattern("rex +28\\.6% +\\$0\\.27 +10,753 +- +- +- +-");

    String markdown = efficiency(Map.of(), "--db", db, "--format", "markdown").out();
    assertThat(markdown).startsWith("## Agent efficiency: 2026-03-01 to 2026-03-01")
        .contains("| Agent | PRs | Iterations | Cost | Mean/PR |", "| rex | 2 | 3 | $0.93 | $0.32 |");

    String csv = efficiency(Map.of(), "--db", db, "--format", "csv").out();
    assertThat(csv).contains("section,agent,prs,iterations,cost,mean_pr,median_pr,p90_pr,max_pr,iter,iter_pr")
        .contains("agents_worst_first_highest_mean_cost_per_pr,rex,2,3,0.93,0.315,0.15,0.48,0.48,0.21,1.5")
        .contains("agents_caching_and_pr_outcomes_same_order,rex,0.28571,0.27,10752.688172,,,,")
        .contains("models_highest_cost_first,who-knows,,1,0,0,0");
  }

  @Test
  void theCollectorAnswersWithTheCliDocumentOverHttpAndServer() throws Exception {
    String local = efficiency(Map.of(), "--db", db, "--format", "json").out();
    try (CliProcess.Served server = CliProcess.serve(dir, db)) {
      Map<String, String> env = Map.of("COST_SERVER_URL", server.url());
      assertThat(efficiency(env, "--format", "json").out()).isEqualTo(local);
      assertThat(efficiency(env).out()).isEqualTo(efficiency(Map.of(), "--db", db).out());
      assertThat(efficiency(env, "--format", "csv").out()).isEqualTo(efficiency(Map.of(), "--db", db, "--format", "csv").out());

      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(server.url()
          + "/v1/analytics/efficiency?since=2026-03-01&until=2026-03-01")).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(ok.body())).isEqualTo(JSON.readTree(local));

      HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(server.url()
          + "/v1/analytics/efficiency?since=2026-3-1")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("since: '2026-3-1' is not a day (use YYYY-MM-DD");

      HttpResponse<String> openapi = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/openapi.json"))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(JSON.readTree(openapi.body()).get("paths").has("/v1/analytics/efficiency")).isTrue();
    }
  }

  @Test
  void badInputIsAUsageErrorNamingTheFlag() throws Exception {
    Result bad = cli("costs", "efficiency", "--db", db, "--since", "2026-03-05", "--until", "2026-03-01");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--until: 2026-03-01 is before since 2026-03-05");
  }
}
