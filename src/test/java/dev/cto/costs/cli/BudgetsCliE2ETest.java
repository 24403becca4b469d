package dev.cto.costs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cto.costs.cli.CliProcess.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code costs budgets} and {@code costs allocate} from the packaged jar, in every format, locally and through --server. */
class BudgetsCliE2ETest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Result cli(String... args) throws Exception {
    Result r = CliProcess.run(dir, Map.of(), null, args);
    assertThat(r.exitCode()).as("%s%n%s", String.join(" ", args), r.err()).isZero();
    return r;
  }

  private static String rec(String id, String repo, int pr, String agent, long in, String at) {
    return String.format("{\"id\":\"%s\",\"repository\":\"%s\",\"pr_number\":%d,\"agent\":\"%s\",\"model\":\"claude-sonnet-4-5\","
        + "\"input_tokens\":%d,\"output_tokens\":0,\"stage\":\"code\",\"timestamp\":\"%s\"}", id, repo, pr, agent, in, at);
  }

  private static JsonNode withoutProjections(String json) throws Exception {
    JsonNode copy = JSON.readTree(json);
    copy.findParents("projected_end_of_period_usd").forEach(n -> ((ObjectNode) n).remove("projected_end_of_period_usd"));
    return copy;
  }

  @Test
  void budgetsAndAllocateInEveryFormatLocallyAndRemotely() throws Exception {
    String db = dir.resolve("costs.db").toString();
    String config = Files.writeString(dir.resolve("costs.yaml"), """
        teams:
          platform: { repositories: ["5dlabs/cto"] }
          research: { agents: ["cleo"] }
        budgets:
          - { name: pr-cap, scope: { pr: "*" }, period: pr, limit_usd: 0.40, alert_at: [0.5, 1.0], enforce: true }
          - { name: platform-daily, scope: { team: platform }, period: day, limit_usd: 5 }
        """).toString();
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String records = rec("a", "5dlabs/cto", 1, "rex", 100_000, now) + "\n" + rec("b", "5dlabs/cto", 2, "cleo", 50_000, now) + "\n"
        + rec("c", "other/repo", 3, "cleo", 150_000, "2026-03-05T10:00:00Z") + "\n"
        + rec("d", "other/repo", 4, "tess", 20_000, "2026-03-06T10:00:00Z") + "\n";
    CliProcess.run(dir, Map.of(), records.getBytes(StandardCharsets.UTF_8), "costs", "ingest", "--db", db, "-");

    String table = cli("costs", "budgets", "--db", db, "--config", config).out();
    assertThat(table).contains("pr-cap").contains("platform-daily").contains("team=platform").contains("exceeded")
        .contains("pr-cap: PRs closest to the limit");
    JsonNode json = JSON.readTree(cli("costs", "budgets", "--db", db, "--config", config, "--format", "json").out());
    assertThat(json.get("budgets").get(0).get("spent_usd").decimalValue()).isEqualByComparingTo("0.45");
    assertThat(json.get("budgets").get(1).get("spent_usd").decimalValue()).isEqualByComparingTo("0.45");
    assertThat(cli("costs", "budgets", "--db", db, "--config", config, "--format", "csv").out())
        .contains("platform-daily").contains("0.45");
    assertThat(cli("costs", "budgets", "--db", db, "--config", config, "--format", "markdown").out())
        .contains("| Budget |").contains("platform-daily");
    JsonNode onePr = JSON.readTree(cli("costs", "budgets", "--db", db, "--config", config, "--pr", "2", "--repo", "5dlabs/cto",
        "--json").out());
    assertThat(onePr.get("budgets")).hasSize(1);
    assertThat(onePr.get("budgets").get(0).get("spent_usd").decimalValue()).isEqualByComparingTo("0.15");

    String[] month = {"--month", "2026-03", "--config", config, "--db", db};
    assertThat(cli(concat(new String[] {"costs", "allocate", "--by", "team"}, month)).out())
        .contains("Chargeback 2026-03 by team").contains("research").contains("unallocated");
    JsonNode byTeam = JSON.readTree(cli(concat(new String[] {"costs", "allocate", "--by", "team", "--json"}, month)).out());
    assertThat(byTeam.get("total_cost_usd").decimalValue()).isEqualByComparingTo("0.51");
    assertThat(byTeam.get("rows").get(0).get("name").asText()).isEqualTo("research");
    assertThat(byTeam.get("rows").get(1).get("name").asText()).isEqualTo("unallocated");
    assertThat(byTeam.get("rows").get(1).get("cost_usd").decimalValue()).isEqualByComparingTo("0.06");
    assertThat(cli(concat(new String[] {"costs", "allocate", "--by", "repository", "--format", "csv"}, month)).out())
        .contains("other/repo").contains("0.51");
    assertThat(cli(concat(new String[] {"costs", "allocate", "--by", "agent", "--format", "markdown"}, month)).out())
        .contains("| Agent |").contains("tess");
    Result bad = CliProcess.run(dir, Map.of(), null, "costs", "allocate", "--by", "stage", "--db", db);
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--by: must be team, repository or agent, was 'stage'");

    try (CliProcess.Served served = CliProcess.serve(dir, db, "--config", config)) {
      assertThat(withoutProjections(cli("costs", "budgets", "--server", served.url(), "--json").out()))
          .isEqualTo(withoutProjections(JSON.writeValueAsString(json)));
      assertThat(JSON.readTree(cli("costs", "allocate", "--server", served.url(), "--month", "2026-03", "--by", "team", "--json").out()))
          .isEqualTo(byTeam);
      assertThat(cli("costs", "budgets", "--server", served.url()).out()).contains("platform-daily");
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
