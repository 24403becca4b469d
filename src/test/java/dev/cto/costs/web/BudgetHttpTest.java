package dev.cto.costs.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.cli.CliRun;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.BudgetLedger;
import dev.cto.costs.store.jdbc.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/budgets} and {@code /v1/allocate} of a running service answer the CLI's JSON, the
 * budget gauges carry one series per budget, and a raised limit is in force without a restart.
 */
class BudgetHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private CollectorService service;

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  private static String config(String dailyLimit) {
    return """
        teams:
          platform: { repositories: ["5dlabs/cto"] }
        budgets:
          - { name: pr-cap, scope: { pr: "*" }, period: pr, limit_usd: 0.40, alert_at: [0.5, 1.0] }
          - { name: platform-daily, scope: { team: platform }, period: day, limit_usd: %s }
        """.formatted(dailyLimit);
  }

  private static String record(String id, int pr, String repository, long inputTokens) {
    return String.format("{\"id\":\"%s\",\"repository\":\"%s\",\"pr_number\":%d,\"agent\":\"rex\",\"model\":\"claude-sonnet-4-5\","
        + "\"input_tokens\":%d,\"output_tokens\":0,\"stage\":\"code\",\"timestamp\":\"%s\"}",
        id, repository, pr, inputTokens, Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  private static JsonNode cli(String... args) throws Exception {
    CliRun run = CliRun.cli(args);
    assertThat(run.exit()).as("exit of %s", List.of(args)).isZero();
    return JSON.readTree(run.out());
  }

  /** The projection moves with the clock between two calls: compare everything else. */
  private static JsonNode withoutProjections(JsonNode report) {
    JsonNode copy = report.deepCopy();
    copy.findParents("projected_end_of_period_usd").forEach(n -> ((ObjectNode) n).remove("projected_end_of_period_usd"));
    return copy;
  }

  @Test
  void theServiceAnswersTheCliDocumentsShowsGaugesAndFollowsARaisedLimit() throws Exception {
    Path config = Files.writeString(dir.resolve("costs.yaml"), config("5"));
    Path db = dir.resolve("costs.db");
    service = CollectorService.start(new AppOptions(db, null, config), new ServerOptions("127.0.0.1", 0, List.of(), 64 * 1024, 1000, 14));
    Http http = new Http(service.port(), null);
    // claude-sonnet-4-5 input: $3 per million
    assertThat(http.post("/v1/usage", "application/x-ndjson", record("a", 1, "5dlabs/cto", 100_000) + "\n"
        + record("b", 2, "5dlabs/cto", 50_000) + "\n" + record("c", 3, "other/repo", 150_000) + "\n").statusCode()).isEqualTo(200);

    JsonNode budgets = JSON.readTree(http.get("/v1/budgets").body());
    JsonNode cap = budgets.get("budgets").get(0);
    assertThat(cap.get("name").asText()).isEqualTo("pr-cap");
    assertThat(cap.get("spent_usd").decimalValue()).isEqualByComparingTo("0.45"); // other/repo#3, the closest to its limit
    assertThat(cap.get("status").asText()).isEqualTo("exceeded");
    assertThat(cap.get("prs")).hasSize(3);
    JsonNode daily = budgets.get("budgets").get(1);
    assertThat(daily.get("spent_usd").decimalValue()).isEqualByComparingTo("0.45");
    assertThat(daily.get("remaining_usd").decimalValue()).isEqualByComparingTo("4.55");
    assertThat(daily.get("limit_usd").decimalValue()).isEqualByComparingTo("5");
    String[] store = {"--db", db.toString(), "--config", config.toString()};
    assertThat(withoutProjections(cli(concat(new String[] {"costs", "budgets", "--json"}, store))))
        .isEqualTo(withoutProjections(budgets));
    JsonNode onePr = JSON.readTree(http.get("/v1/budgets?pr=2&repo=5dlabs/cto").body());
    assertThat(withoutProjections(cli(concat(new String[] {"costs", "budgets", "--pr", "2", "--repo", "5dlabs/cto", "--json"}, store))))
        .isEqualTo(withoutProjections(onePr));
    assertThat(onePr.get("budgets").get(0).get("spent_usd").decimalValue()).isEqualByComparingTo("0.15");

    JsonNode allocation = JSON.readTree(http.get("/v1/allocate?by=team").body());
    assertThat(cli(concat(new String[] {"costs", "allocate", "--by", "team", "--json"}, store))).isEqualTo(allocation);
    assertThat(allocation.get("rows").get(0).get("name").asText()).isEqualTo("platform");
    assertThat(allocation.get("rows").get(1).get("name").asText()).isEqualTo("unallocated");
    assertThat(allocation.get("rows").get(1).get("cost_usd").decimalValue()).isEqualByComparingTo("0.45");

    assertThat(http.get("/v1/budgets?pr=0").body()).contains("pr: must be a whole number >= 1");
    assertThat(http.get("/v1/budgets?repo=5dlabs/cto").statusCode()).as("repo alone: the budgets covering it").isEqualTo(200);
    assertThat(http.get("/v1/budgets?pr=3&until=2026-01-01").body()).contains("until: not with pr");
    assertThat(http.get("/v1/budgets?until=yesterday").body()).contains("until: 'yesterday' is not a date");
    assertThat(http.get("/v1/allocate?by=stage").body()).contains("by: must be team, repository or agent");

    // remaining is registered after spent on each refresh: once it is new, spent is too
    String metrics = waitFor(http, "/metrics", "cost_budget_remaining_usd{budget=\"platform-daily\"} 4.55");
    assertThat(metrics).contains("cost_budget_spent_usd{budget=\"platform-daily\"} 0.45")
        .contains("cost_budget_spent_usd{budget=\"pr-cap\"} 0.45")
        .doesNotContainPattern("cost_budget_[a-z_]+\\{[^}]*pr=");

    Files.writeString(config, config("7.5"));
    waitFor(http, "/v1/budgets", "\"limit_usd\" : 7.5");
  }

  @Test
  void theServicePurgesReservationsWhoseCallDied() throws Exception {
    Path db = dir.resolve("costs.db");
    service = CollectorService.start(new AppOptions(db, null, null), new ServerOptions("127.0.0.1", 0, List.of(), 64 * 1024, 1000, 14));
    Instant now = Instant.now();
    try (JdbcStore other = JdbcStore.openSqlite(db)) { // another replica's, say
      var claim = new BudgetLedger.Claim("daily|day:x", BudgetLedger.SpendScope.ALL, Usd.of("1"));
      other.reserve("dead", List.of(claim), Usd.of("1"), now.minusSeconds(120), now.minusSeconds(60));
      other.reserve("alive", List.of(claim), Usd.of("0"), now, now.plusSeconds(600));
    }
    long deadline = System.nanoTime() + 15_000_000_000L;
    List<String> left;
    do {
      Thread.sleep(200);
      left = reservationIds(db);
    } while (left.contains("dead") && System.nanoTime() < deadline);
    assertThat(left).containsExactly("alive");
  }

  private static List<String> reservationIds(Path db) throws Exception {
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        var rs = c.createStatement().executeQuery("SELECT reservation_id FROM budget_reservations ORDER BY reservation_id")) {
      List<String> ids = new java.util.ArrayList<>();
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
      return ids;
    }
  }

  private static String waitFor(Http http, String path, String text) throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    String body = "";
    while (System.nanoTime() < deadline) {
      body = http.get(path).body();
      if (body.contains(text)) {
        return body;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(path + " never contained " + text + ":\n" + body);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
