package dev.cto.costs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command ends where users look: {@code costs demo --serve} loads the month,
 * prints the reports, then serves the dashboard on 127.0.0.1 with the demo's config (thresholds
 * and budgets), until it is stopped.
 */
class DemoServeE2ETest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theDemoEndsWithTheDashboardServedOnLoopback() throws Exception {
    Path db = dir.resolve("demo.db");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", CliProcess.jar().toAbsolutePath().toString(), "costs", "demo", "--db", db.toString(), "--serve", "0"));
    Process demo = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile()).start();
    try {
      demo.getOutputStream().close();
      BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
      Pattern dashboard = Pattern.compile("^Dashboard: http://127\\.0\\.0\\.1:(\\d+)/");
      StringBuilder printed = new StringBuilder();
      String port = null;
      for (String line; port == null && (line = out.readLine()) != null; ) {
        printed.append(line).append('\n');
        Matcher m = dashboard.matcher(line);
        if (m.find()) {
          port = m.group(1);
        }
      }
      assertThat(port).as(printed.toString()).isNotNull();
      assertThat(printed).contains("Cost report:"); // the reports came first
      Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
      drain.setDaemon(true);
      drain.start();

      String base = "http://127.0.0.1:" + port;
      HttpResponse<String> page = get(base + "/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("content-type").orElse("")).startsWith("text/html");
      JsonNode forecast = new ObjectMapper().readTree(get(base + "/v1/analytics/forecast").body());
      assertThat(forecast.get("budget_usd").decimalValue()).as("the demo config's monthly budget").isEqualByComparingTo("60");
      JsonNode budgets = new ObjectMapper().readTree(get(base + "/v1/budgets").body());
      assertThat(budgets.get("budgets")).extracting(b -> b.get("name").asText()).containsExactly("demo-month", "demo-pr-cap");
      assertThat(Files.readString(dir.resolve("cost-config.yaml"))).contains("warning_threshold: 2.50");
    } finally {
      demo.destroy();
      assertThat(demo.waitFor(30, TimeUnit.SECONDS)).as("the demo server stops on SIGTERM").isTrue();
    }
  }
}
