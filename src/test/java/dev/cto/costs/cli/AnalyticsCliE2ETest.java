package dev.cto.costs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.cli.CliProcess.Result;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code costs trends} and {@code costs forecast} from the packaged jar on the demo's data: every
 * format, a UTF-8 and an ASCII terminal, bad flags (exit 2, the flag named), and {@code --server}
 * against {@code serve} printing exactly the local JSON.
 */
class AnalyticsCliE2ETest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Result cli(Map<String, String> env, String... args) throws Exception {
    Result r = CliProcess.run(dir, env, null, args);
    return r;
  }

  private static String[] with(String[] base, String... more) {
    List<String> all = new ArrayList<>(List.of(base));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void trendsAndForecastInEveryFormatLocallyAndThroughTheServer() throws Exception {
    String db = dir.resolve("costs.db").toString();
    assertThat(cli(Map.of(), "costs", "demo", "--db", db).exitCode()).isZero();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String since = today.minusDays(34).toString();
    String[] trends = {"costs", "trends", "--db", db, "--by", "agent", "--since", since, "--until", today.toString()};
    String[] forecast = {"costs", "forecast", "--db", db, "--budget", "20"};

    Map<String, String> utf8 = Map.of("LANG", "C.UTF-8", "COLUMNS", "200");
    Result table = cli(utf8, trends);
    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out()).startsWith("Cost trends by agent, per week\n").contains("Agent rex").contains("Week of")
        .containsPattern("[▁▂▃▄▅▆▇█]{5,}").contains("Change");
    Result ascii = cli(Map.of("LANG", "C", "COLUMNS", "200"), trends);
    assertThat(ascii.out().chars().allMatch(c -> c < 0x80)).as(ascii.out()).isTrue();
    assertThat(ascii.out()).containsPattern("[_.\\-=+*%#]{5,}");

    JsonNode json = JSON.readTree(cli(Map.of(), with(trends, "--format", "json")).out());
    assertThat(json.get("by").asText()).isEqualTo("agent");
    assertThat(json.get("period").asText()).isEqualTo("week");
    assertThat(json.get("from").asText()).isEqualTo(since);
    assertThat(json.get("series").get(0).get("points").get(0).fieldNames()).toIterable()
        .containsExactly("start", "cost_usd", "records", "input_tokens", "output_tokens");
    String csv = cli(Map.of(), with(trends, "--format", "csv")).out();
    assertThat(csv.lines().findFirst().orElseThrow())
        .isEqualTo("section,series,start,cost_usd,change_percent,records,input_tokens,output_tokens");
    int points = 0;
    for (JsonNode s : json.get("series")) {
      points += s.get("points").size();
    }
    assertThat(csv.lines().count()).isEqualTo(1L + points);
    assertThat(cli(utf8, with(trends, "--format", "markdown")).out()).startsWith("## Cost trends by agent, per week")
        .contains("| Agent | Cost | Share |");

    Result forecastTable = cli(utf8, forecast);
    assertThat(forecastTable.exitCode()).as(forecastTable.err()).isZero();
    assertThat(forecastTable.out()).startsWith("Month-end forecast: " + today.toString().substring(0, 7))
        .contains("Spent so far:").contains("Budget:").contains("$20.00").contains("Method:");
    JsonNode forecastJson = JSON.readTree(cli(Map.of(), with(forecast, "--format", "json")).out());
    assertThat(forecastJson.fieldNames()).toIterable().containsExactly("month", "as_of", "spent_usd", "days_elapsed",
        "days_in_month", "projected_total_usd", "low_usd", "high_usd", "confidence", "method", "budget_usd",
        "projected_over_budget_on");
    assertThat(cli(Map.of(), with(forecast, "--format", "csv")).out().lines().findFirst().orElseThrow())
        .startsWith("section,month,as_of,spent_usd,");
    assertThat(cli(utf8, with(forecast, "--format", "markdown")).out()).startsWith("## Month-end forecast")
        .contains("- **Spent so far**: $");

    // without --budget: the config's tightest monthly budget over everything; scoped budgets do not count
    java.nio.file.Path config = java.nio.file.Files.writeString(dir.resolve("budgets.yaml"), """
        budgets:
          - {name: everything-loose, scope: {}, period: month, limit_usd: 900}
          - {name: everything, scope: {}, period: month, limit_usd: 20}
          - {name: rex-only, scope: {agent: rex}, period: month, limit_usd: 1}
          - {name: daily, scope: {}, period: day, limit_usd: 2}
        """);
    JsonNode fromConfig = JSON.readTree(cli(Map.of(), "costs", "forecast", "--db", db, "--config", config.toString(),
        "--format", "json").out());
    assertThat(fromConfig.get("budget_usd").decimalValue()).isEqualByComparingTo("20");
    assertThat(fromConfig).isEqualTo(forecastJson);
    assertThat(JSON.readTree(cli(Map.of(), "costs", "forecast", "--db", db, "--format", "json").out()).get("budget_usd").isNull())
        .isTrue();

    Result badPeriod = cli(Map.of(), with(trends, "--period", "fortnight"));
    assertThat(badPeriod.exitCode()).isEqualTo(2);
    assertThat(badPeriod.err()).startsWith("cto-cli: --period: must be day, week or month, was 'fortnight'");
    Result badMonth = cli(Map.of(), "costs", "forecast", "--db", db, "--month", "May");
    assertThat(badMonth.exitCode()).isEqualTo(2);
    assertThat(badMonth.err()).startsWith("cto-cli: --month: 'May' is not a month");

    try (CliProcess.Served served = CliProcess.serve(dir, db)) {
      String[] remoteTrends = {"costs", "trends", "--server", served.url(), "--by", "agent", "--since", since,
          "--until", today.toString(), "--format", "json"};
      assertThat(cli(Map.of(), remoteTrends).out()).isEqualTo(cli(Map.of(), with(trends, "--format", "json")).out());
      assertThat(cli(Map.of(), "costs", "forecast", "--server", served.url(), "--budget", "20", "--format", "json").out())
          .isEqualTo(cli(Map.of(), with(forecast, "--format", "json")).out());
      Result remoteTable = cli(utf8, "costs", "trends", "--server", served.url(), "--by", "agent", "--since", since,
          "--until", today.toString());
      assertThat(remoteTable.out()).isEqualTo(table.out());
    }
  }
}
