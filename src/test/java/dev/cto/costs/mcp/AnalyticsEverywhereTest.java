package dev.cto.costs.mcp;

import static dev.cto.costs.mcp.McpFixture.assertSameDocument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.web.ServerOptions;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code costs trends} and {@code costs forecast} answer the same everywhere: the CLI's JSON, HTTP
 * {@code GET /v1/analytics/…}, the MCP {@code costs} tool through the official inspector (stdio and
 * HTTP), and the gauge {@code cost_forecast_month_usd} on {@code /metrics} (promtool-checked).
 */
class AnalyticsEverywhereTest {

  private static final String TOKEN = "analytics-token";

  @TempDir static Path dir;
  private static McpFixture data;
  private static CollectorService service;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    data = McpFixture.create(dir); // the demo's 28 days of usage, before the service starts
    service = CollectorService.start(new AppOptions(data.db, null, data.config),
        new ServerOptions("127.0.0.1", 0, List.of(TOKEN), 1 << 20, 1000, 14));
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  private static HttpResponse<String> get(String pathAndQuery) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + pathAndQuery))
        .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static JsonNode getJson(String pathAndQuery) throws Exception {
    HttpResponse<String> r = get(pathAndQuery);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return McpFixture.JSON.readTree(r.body());
  }

  private static JsonNode inspector(boolean stdio, String... toolArgs) throws Exception {
    Inspector.assumeNode();
    List<String> args = new ArrayList<>();
    if (stdio) {
      args.addAll(data.mcpCommand().subList(0, data.mcpCommand().size() - 2));
      args.addAll(List.of("-e", "COST_CONFIG_PATH=" + data.config));
    } else {
      args.addAll(List.of("http://127.0.0.1:" + service.port() + "/mcp", "--transport", "http",
          "--header", "Authorization: Bearer " + TOKEN));
    }
    args.addAll(List.of("--method", "tools/call", "--tool-name", "costs"));
    for (String a : toolArgs) {
      args.addAll(List.of("--tool-arg", a));
    }
    Inspector.Result r = Inspector.run(args);
    assertThat(r.exitCode()).as("inspector failed: %s%s", r.out(), r.err()).isZero();
    JsonNode result = McpFixture.JSON.readTree(r.out());
    assertThat(result.get("isError").asBoolean()).as(result.toPrettyString()).isFalse();
    return result;
  }

  @Test
  void trendsAreTheCliJsonOverHttpAndMcp() throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String since = today.minusDays(30).toString();
    String until = today.toString();
    JsonNode cli = data.cliJson("trends", "--by", "agent", "--period", "day", "--since", since, "--until", until);
    assertThat(cli.get("series").size()).isGreaterThan(3);
    assertThat(cli.get("series").get(0).get("points")).hasSize(31);

    assertSameDocument(getJson("/v1/analytics/trends?by=agent&period=day&since=" + since + "&until=" + until), cli);
    JsonNode overStdio = inspector(true, "report=trends", "by=agent", "period=day", "since=" + since, "until=" + until);
    assertSameDocument(overStdio.get("structuredContent"), cli);
    assertThat(overStdio.get("content").get(0).get("text").asText()).startsWith("Cost trends by agent, per day");
    JsonNode model = data.cliJson("trends", "--by", "model", "--period", "month", "--since", since, "--until", until,
        "--agent", "rex");
    assertSameDocument(inspector(false, "report=trends", "by=model", "period=month", "since=" + since, "until=" + until,
        "agent=rex").get("structuredContent"), model);
    assertSameDocument(getJson("/v1/analytics/trends?by=model&period=month&agent=rex&since=" + since + "&until=" + until), model);

    JsonNode openapi = getJson("/v1/openapi.json").get("paths");
    assertThat(openapi.has("/v1/analytics/trends")).isTrue();
    assertThat(openapi.get("/v1/analytics/forecast").get("get").get("parameters").findValuesAsText("name"))
        .containsExactly("month", "as-of", "budget", "repo", "agent");

    HttpResponse<String> bad = get("/v1/analytics/trends?period=fortnight");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("period: must be day, week or month, was 'fortnight'");
  }

  @Test
  void theForecastIsTheCliJsonOverHttpAndMcpAndTheGaugeHoldsItsProjection() throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    JsonNode cli = data.cliJson("forecast", "--budget", "25");
    assertThat(cli.get("budget_usd").decimalValue()).isEqualByComparingTo("25");
    assertThat(cli.get("spent_usd").decimalValue().signum()).isPositive();
    assertSameDocument(getJson("/v1/analytics/forecast?budget=25"), cli);
    assertSameDocument(inspector(false, "report=forecast", "budget=25").get("structuredContent"), cli);
    // a replayed day of the demo's first month
    LocalDate asOf = today.minusDays(10);
    String month = asOf.toString().substring(0, 7);
    JsonNode replay = data.cliJson("forecast", "--month", month, "--as-of", asOf.toString());
    assertThat(replay.get("as_of").asText()).isEqualTo(asOf.toString());
    assertSameDocument(inspector(true, "report=forecast", "month=" + month, "as_of=" + asOf).get("structuredContent"), replay);
    assertSameDocument(getJson("/v1/analytics/forecast?month=" + month + "&as-of=" + asOf), replay);
    HttpResponse<String> bad = get("/v1/analytics/forecast?as-of=" + today.plusDays(3));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("as-of: " + today.plusDays(3) + " is after today");

    // the gauge: computed when the service started (the data was there), refreshed off the scrape
    Pattern gauge = Pattern.compile("(?m)^cost_forecast_month_usd (\\S+)$");
    Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> {
      Matcher m = gauge.matcher(get("/metrics").body());
      return m.find() && !m.group(1).equals("NaN");
    });
    String metrics = get("/metrics").body();
    Matcher m = gauge.matcher(metrics);
    assertThat(m.find()).isTrue();
    assertThat(Double.parseDouble(m.group(1)))
        .isEqualTo(data.cliJson("forecast").get("projected_total_usd").decimalValue().doubleValue());
    assertThat(metrics).contains("# TYPE cost_forecast_month_usd gauge");

    assumeTrue(new File("/usr/bin/promtool").canExecute(), "promtool is installed by .ci/run");
    Path file = Files.writeString(dir.resolve("metrics.txt"), metrics, StandardCharsets.UTF_8);
    Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile()).redirectErrorStream(true).start();
    String out = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(promtool.exitValue()).as(out).isIn(0, 3);
    assertThat(out).doesNotContain("cost_forecast");
  }
}
