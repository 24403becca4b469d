package dev.cto.costs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cto.costs.cli.CliProcess.Result;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code costs whatif} through the real jar, on the built-in catalog: "what would rex have cost on
 * Sonnet instead of Opus", in every format, through {@code --server}, and over HTTP (the same JSON).
 */
class WhatIfE2ETest {

  private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
  private static final String SWAP = "claude-opus-*=claude-sonnet-4-5";

  @TempDir Path dir;
  private String db;

  private static String rec(String id, Long pr, String agent, String model, long in, long out, long write, long read, String day) {
    return "{\"id\":\"" + id + "\",\"repository\":\"5dlabs/cto\"," + (pr == null ? "" : "\"pr_number\":" + pr + ",")
        + "\"agent\":\"" + agent + "\",\"stage\":\"code\",\"model\":\"" + model + "\",\"input_tokens\":" + in
        + ",\"output_tokens\":" + out + ",\"cache_creation_input_tokens\":" + write + ",\"cache_read_input_tokens\":" + read
        + ",\"timestamp\":\"" + day + "T10:00:00Z\"}\n";
  }

  /**
   * Built-in prices: claude-opus-4-1 $15/$75 in/out, $18.75 cache write, $1.50 cache read;
   * claude-sonnet-4-5 $3/$15, $3.75, $0.30, and above 200k whole input $6/$22.50, $7.50, $0.60.
   */
  @BeforeEach
  void data() throws Exception {
    db = dir.resolve("costs.db").toString();
    Path file = Files.writeString(dir.resolve("usage.ndjson"),
        // opus 0.4275, as sonnet 0.0855
        rec("r1", 7L, "rex", "claude-opus-4-1", 1_000, 2_000, 10_000, 50_000, "2026-11-03")
        // an alias; 250,500 whole input: opus 0.6825, as sonnet at its long-context rates 0.243
        + rec("r2", 7L, "rex", "claude-opus-4-1-20250805", 500, 4_000, 0, 250_000, "2026-11-04")
        // not swapped: 0.007 either way
        + rec("r3", 7L, "rex", "claude-haiku-4-5", 2_000, 1_000, 0, 0, "2026-11-04")
        // no price: in neither total
        + rec("r4", 7L, "rex", "claude-opus-next", 100, 10, 0, 0, "2026-11-05")
        // another agent
        + rec("r5", 7L, "cleo", "claude-opus-4-1", 1_000, 1_000, 0, 0, "2026-11-05")
        // rex without a PR: opus 0.009, as sonnet 0.0018
        + rec("r6", null, "rex", "claude-opus-4-1", 100, 100, 0, 0, "2026-11-06"));
    Result ingest = cli("costs", "ingest", "--db", db, file.toString());
    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
  }

  private Result cli(String... args) throws Exception {
    return CliProcess.run(dir, Map.of(), null, args);
  }

  private List<String> rexPr7(String... more) {
    List<String> args = new ArrayList<>(List.of("costs", "whatif", "--pr", "7", "--repo", "5dlabs/cto", "--agent", "rex", "--model", SWAP));
    args.addAll(List.of(more));
    return args;
  }

  private Result cli(List<String> args) throws Exception {
    return cli(args.toArray(String[]::new));
  }

  @Test
  void rexOnSonnetInsteadOfOpusInEveryFormat() throws Exception {
    Result json = cli(rexPr7("--db", db, "--format", "json"));

    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode report = JSON.readTree(json.out());
    assertThat(report.get("actual_cost_usd").decimalValue()).isEqualByComparingTo("1.117");
    assertThat(report.get("whatif_cost_usd").decimalValue()).isEqualByComparingTo("0.3355");
    assertThat(report.get("difference_usd").decimalValue()).isEqualByComparingTo("-0.7815");
    assertThat(report.get("scope").get("records").asLong()).isEqualTo(4);
    assertThat(report.get("scope").get("from").asText()).isEqualTo("2026-11-03");
    JsonNode line = report.get("by_model").get(0);
    assertThat(report.get("by_model")).hasSize(1);
    assertThat(line.get("from").asText()).isEqualTo("claude-opus-4-1");
    assertThat(line.get("to").asText()).isEqualTo("claude-sonnet-4-5");
    assertThat(line.get("swap").asText()).isEqualTo(SWAP);
    assertThat(line.get("records").asLong()).isEqualTo(2);
    assertThat(line.get("long_context_records").asLong()).isEqualTo(1);
    assertThat(line.get("whatif_cost_usd").decimalValue()).isEqualByComparingTo("0.3285");
    assertThat(report.get("unpriced").get(0).get("model").asText()).isEqualTo("claude-opus-next");
    assertThat(report.get("unpriced").get(0).get("to").asText()).isEqualTo("claude-sonnet-4-5");

    Result table = cli(rexPr7("--db", db));
    assertThat(table.out()).contains("What-if: PR #7 of 5dlabs/cto, agent rex").contains("$1.12").contains("$0.34")
        .contains("-$0.78 (-70.0%)").contains("claude-opus-4-1").contains("claude-sonnet-4-5")
        .contains("1 records of 'claude-opus-next' have no price");
    Result csv = cli(rexPr7("--db", db, "--format", "csv"));
    assertThat(csv.out().lines().toList()).contains("section,calls,actual,what_if,difference,change",
        "totals,4,1.117,0.3355,-0.7815,-69.9642",
        "by_model,claude-opus-4-1,claude-sonnet-4-5,2,1,1.11,0.3285,-0.7815");
    Result markdown = cli(rexPr7("--db", db, "--format", "markdown"));
    assertThat(markdown.out()).startsWith("## What-if: PR #7 of 5dlabs/cto, agent rex").contains("| claude-opus-4-1 | claude-sonnet-4-5 |");
  }

  @Test
  void aPeriodOverHttpAndThroughTheServerEqualsTheDatabase() throws Exception {
    List<String> period = List.of("costs", "whatif", "--since", "2026-11-01", "--until", "2026-11-30", "--agent", "rex", "--model", SWAP);
    List<String> local = new ArrayList<>(period);
    local.addAll(List.of("--db", db, "--format", "json"));
    JsonNode cliJson = JSON.readTree(cli(local).out());
    assertThat(cliJson.get("actual_cost_usd").decimalValue()).isEqualByComparingTo("1.126");
    assertThat(cliJson.get("whatif_cost_usd").decimalValue()).isEqualByComparingTo("0.3373");
    assertThat(cliJson.get("scope").get("kind").asText()).isEqualTo("period");

    try (CliProcess.Served server = CliProcess.serve(dir, db)) {
      HttpResponse<String> http = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url()
          + "/v1/analytics/whatif?since=2026-11-01&until=2026-11-30&agent=rex&model=" + URLEncoder.encode(SWAP, StandardCharsets.UTF_8)))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(http.statusCode()).as(http.body()).isEqualTo(200);
      assertThat(JSON.readTree(http.body())).isEqualTo(cliJson);
      HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url()
          + "/v1/analytics/whatif?pr=7&repo=5dlabs%2Fcto&agent=rex&model=claude-opus-*=claude-sonnet-4-5")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(JSON.readTree(raw.body())).isEqualTo(JSON.readTree(cli(rexPr7("--db", db, "--format", "json")).out()));
      HttpResponse<String> bad = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url()
          + "/v1/analytics/whatif?pr=7&model=claude-opus-4-1")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("model: 'claude-opus-4-1' is not FROM=TO");

      Map<String, String> env = Map.of("COST_SERVER_URL", server.url());
      Result remote = CliProcess.run(dir, env, null, rexPr7().toArray(String[]::new));
      assertThat(remote.exitCode()).as(remote.err()).isZero();
      assertThat(remote.out()).isEqualTo(cli(rexPr7("--db", db)).out());
      List<String> remotePeriod = new ArrayList<>(period);
      remotePeriod.addAll(List.of("--format", "csv"));
      List<String> localPeriod = new ArrayList<>(remotePeriod);
      localPeriod.addAll(List.of("--db", db));
      assertThat(CliProcess.run(dir, env, null, remotePeriod.toArray(String[]::new)).out()).isEqualTo(cli(localPeriod).out());
    }
  }

  @Test
  void badModelsAreRefusedNamingTheProblem() throws Exception {
    Result noEquals = cli("costs", "whatif", "--db", db, "--pr", "7", "--model", "claude-opus-4-1");
    assertThat(noEquals.exitCode()).isEqualTo(2);
    assertThat(noEquals.err()).contains("--model: 'claude-opus-4-1' is not FROM=TO (FROM=TO, e.g. claude-opus-*=claude-sonnet-4-5)");

    Result unknownTo = cli("costs", "whatif", "--db", db, "--pr", "7", "--model", "claude-opus-*=claude-sonet-4-5");
    assertThat(unknownTo.exitCode()).isEqualTo(2);
    assertThat(unknownTo.err()).contains("--model: TO 'claude-sonet-4-5' (in claude-opus-*=claude-sonet-4-5) is not in the pricing catalog")
        .contains("did you mean claude-sonnet-4-5");

    Result globTo = cli("costs", "whatif", "--db", db, "--since", "2026-11-01", "--model", "claude-opus-4-1=claude-sonnet-*");
    assertThat(globTo.err()).contains("--model: TO 'claude-sonnet-*' must name one model, not a pattern");

    Result none = cli("costs", "whatif", "--db", db, "--pr", "7");
    assertThat(none.err()).contains("--model: is required");

    Result both = cli("costs", "whatif", "--db", db, "--pr", "7", "--since", "2026-11-01", "--model", SWAP);
    assertThat(both.err()).contains("--since: does not go with pr");
  }
}
