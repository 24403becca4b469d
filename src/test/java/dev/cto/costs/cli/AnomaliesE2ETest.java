package dev.cto.costs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cto.costs.analytics.AnomalyData;
import dev.cto.costs.cli.CliProcess.Result;
import dev.cto.costs.store.jdbc.JdbcStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code costs anomalies} as a user runs it (the packaged jar) on generated data with planted
 * anomalies: every format, a narrowed kind, a bad kind, and {@code serve}'s
 * {@code /v1/analytics/anomalies} and the {@code --server} form answering the same JSON.
 */
class AnomaliesE2ETest {

  private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
  private static final String SINCE = AnomalyData.SCOPE_FROM.toString();
  private static final String UNTIL = AnomalyData.LAST.toString();

  @TempDir static Path dir;
  static String db;

  @BeforeAll
  static void data() {
    db = dir.resolve("costs.db").toString();
    try (JdbcStore store = JdbcStore.openSqlite(Path.of(db))) {
      store.insert(AnomalyData.generate(7).records());
    }
  }

  private static Result anomalies(String... more) throws Exception {
    String[] args = new String[] {"costs", "anomalies", "--db", db, "--since", SINCE, "--until", UNTIL};
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    Result r = CliProcess.run(dir, Map.of(), null, all);
    return r;
  }

  @Test
  void everyFormatShowsThePlantedAnomalies() throws Exception {
    Result json = anomalies("--format", "json");
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode doc = JSON.readTree(json.out());
    assertThat(doc.get("from").asText()).isEqualTo(SINCE);
    assertThat(doc.get("anomalies").size()).isGreaterThanOrEqualTo(27);
    JsonNode first = doc.get("anomalies").get(0);
    String explanation = first.get("explanation").asText();

    Result table = anomalies();
    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out()).startsWith("Cost anomalies, " + SINCE + " to " + UNTIL)
        .contains("Rule:", "Date", "Kind", "Usual", "Score", "daily_spend", "iteration_loop", "pr_cost")
        .contains(explanation);

    Result csv = anomalies("--format", "csv");
    assertThat(csv.exitCode()).as(csv.err()).isZero();
    assertThat(csv.out().lines().findFirst().orElseThrow()).isEqualTo("section,date,kind,repository,pr,agent,value,usual,score");
    assertThat(csv.out().lines().skip(1)).hasSize(doc.get("anomalies").size())
        .allSatisfy(line -> assertThat(line).startsWith("anomalies,"));
    assertThat(csv.out()).contains("," + first.get("value").decimalValue().toPlainString() + ",");

    Result markdown = anomalies("--format", "markdown");
    assertThat(markdown.exitCode()).as(markdown.err()).isZero();
    assertThat(markdown.out()).startsWith("## Cost anomalies, " + SINCE + " to " + UNTIL)
        .contains("| Date | Kind | Repository | PR | Agent | Value | Usual | Score |", "> ⚠ ");
  }

  @Test
  void kindNarrowsAndABadKindIsAUsageError() throws Exception {
    JsonNode days = JSON.readTree(anomalies("--kind", "daily_spend", "--format", "json").out());
    assertThat(days.get("anomalies")).hasSize(4).allSatisfy(a -> {
      assertThat(a.get("kind").asText()).isEqualTo("daily_spend");
      assertThat(a.get("pr_number").isNull()).isTrue();
    });

    Result bad = anomalies("--kind", "weekly");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--kind: must be one of pr_cost, iteration_loop, daily_spend, was 'weekly'");
    Result badDay = CliProcess.run(dir, Map.of(), null, "costs", "anomalies", "--db", db, "--until", "2026-13-01");
    assertThat(badDay.exitCode()).isEqualTo(2);
    assertThat(badDay.err()).contains("--until: '2026-13-01' is not a day");
  }

  @Test
  void serveAndTheServerFormAnswerTheCliJson() throws Exception {
    JsonNode local = JSON.readTree(anomalies("--format", "json", "--agent", "rex").out());
    try (CliProcess.Served served = CliProcess.serve(dir, db)) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create(served.url() + "/v1/analytics/anomalies?since=" + SINCE + "&until=" + UNTIL + "&agent=rex"))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(response.body())).isEqualTo(local);

      HttpResponse<String> bad = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create(served.url() + "/v1/analytics/anomalies?kind=weekly")).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("kind: must be one of pr_cost, iteration_loop, daily_spend");

      Result remote = CliProcess.run(dir, Map.of(), null, "costs", "anomalies", "--server", served.url(), "--since", SINCE,
          "--until", UNTIL, "--agent", "rex", "--format", "json");
      assertThat(remote.exitCode()).as(remote.err()).isZero();
      assertThat(JSON.readTree(remote.out())).isEqualTo(local);
      Result remoteTable = CliProcess.run(dir, Map.of(), null, "costs", "anomalies", "--server", served.url(), "--since", SINCE,
          "--until", UNTIL, "--agent", "rex");
      assertThat(remoteTable.out()).isEqualTo(anomalies("--agent", "rex").out());
    }
  }
}
