package dev.cto.costs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.capture.proxy.FakeProviderServer;
import dev.cto.costs.web.ServerOptions;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard and the alert rules against a real Prometheus (Debian's {@code prometheus}
 * package, which .ci/run installs): Prometheus scrapes a running {@code serve} on 127.0.0.1 that
 * took usage over HTTP, proxied calls to the loopback fake provider, a budget run over and a
 * threshold alert whose webhook fails. Then every expression of the dashboard and of the rules
 * file must give data through {@code /api/v1/query}, every metric they name must be in {@code
 * /metrics}, the alerts this traffic should raise must fire (and the others not), Prometheus must
 * evaluate the loaded rules without error, and {@code promtool check rules} must pass.
 *
 * <p>Without the binary the test is skipped locally; with {@code CI} set it fails instead.
 */
class PrometheusScrapeTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** Generous: the machine running the tests may be loaded (load average up to 20). */
  private static final Duration PATIENCE = Duration.ofSeconds(150);

  /** Alerts the generated traffic must raise (their expressions return series now). */
  private static final Set<String> FIRING = Set.of("CtoCostsSpendAboveBudgetPace", "CtoCostsUnpricedModels",
      "CtoCostsIngestErrors", "CtoCostsAlertDeliveryFailing");
  /** Alerts a healthy service must not raise. */
  private static final Set<String> QUIET = Set.of("CtoCostsSpoolGrowing", "CtoCostsCollectorDown");

  @TempDir Path dir;

  @Test
  void everyDashboardAndRuleExpressionHasDataOnARealPrometheus() throws Exception {
    Path prometheus = binary("prometheus");
    Path promtool = binary("promtool");
    promtoolCheckRules(promtool);

    int deadPort = freePort(); // nothing listens here: every webhook delivery fails
    try (FakeProviderServer fake = FakeProviderServer.start();
        CollectorService service = CollectorService.start(new AppOptions(dir.resolve("costs.db"), null, config(fake, deadPort)),
            new ServerOptions("127.0.0.1", 0, List.of(), 1 << 20, 1000, 14))) {
      String serve = "http://127.0.0.1:" + service.port();
      int promPort = freePort();
      Process prom = startPrometheus(prometheus, service.port(), promPort);
      try {
        Prom api = new Prom("http://127.0.0.1:" + promPort);
        awaitOrFail("Prometheus ready", api::ready, prom);
        awaitOrFail("Prometheus scraped serve", () -> api.hasData("cost_store_up == 1"), prom);

        // round one, after a first scrape: counters born now still show an increase from the scrape before
        assertThat(post(serve, usage("a", 1, "rex", "code", "house-model", 600_000))).isEqualTo(200);
        assertThat(post(serve, usage("b", 1, "rex", "code", "house-model", 600_000))).isEqualTo(200); // $1.20: warning
        assertThat(post(serve, usage("c", 2, "cleo", "qa", "mystery-model", 1_000))).isEqualTo(200); // unpriced
        assertThat(post(serve, "{\"agent\":1}")).isEqualTo(400); // refused: invalid_agent
        assertThat(proxyCall(serve, "json", false)).isEqualTo(200);
        awaitOrFail("round one scraped", () -> api.hasData("sum(cost_collector_records_total{outcome=\"accepted\"}) >= 4"), prom);

        // round two, a scrape later: rates and histogram quantiles need two different samples
        assertThat(post(serve, usage("d", 3, "tess", "test", "house-model", 100_000))).isEqualTo(200);
        assertThat(proxyCall(serve, "stream", true)).isEqualTo(200);

        // PR spend and budgets are refreshed off the scrape every 5 s
        awaitOrFail("serve's background gauges", () -> {
          try {
            String now = get(serve + "/metrics");
            return now.contains("total_cost_usd{") && now.contains("cost_budget_projected_usd{");
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }, prom);
        Set<String> exported = exportedNames(get(serve + "/metrics"));
        Map<String, String> expressions = expressions();
        List<String> unexported = unexported(expressions.values(), exported);
        assertThat(unexported).as("metrics queried by the dashboard or the rules but not in serve's /metrics").isEmpty();
        assertThat(unexported(List.of("rate(cost_no_such_meter_total[5m]) > 0"), exported))
            .as("the check itself finds a metric serve does not export").containsExactly("cost_no_such_meter_total");

        Map<String, String> checks = new LinkedHashMap<>();
        expressions.forEach((where, expr) -> checks.put(where, where.startsWith("alert ") ? withBool(expr) : expr));
        expressions.forEach((where, expr) -> {
          if (FIRING.contains(where.substring(where.indexOf(' ') + 1))) {
            checks.put(where + " (firing)", expr);
          }
        });
        checks.put("recorded cto_costs:cost_usd:rate5m", "cto_costs:cost_usd:rate5m");
        checks.put("proxy overhead is a number", "histogram_quantile(0.95, sum by (le, provider) "
            + "(rate(cost_proxy_overhead_seconds_bucket{provider=\"anthropic\"}[5m]))) >= 0");
        checks.put("ingest latency is a number",
            "histogram_quantile(0.95, sum by (le) (rate(cost_recording_duration_seconds_bucket[5m]))) >= 0");
        checks.put("spend by agent", "sum by (agent) (cost_usd_total{agent=\"rex\",repository=\"5dlabs/cto\"}) == 1.2");

        List<String> missing = new ArrayList<>();
        awaitOrFail("every expression to give data", () -> {
          missing.clear();
          checks.forEach((where, expr) -> {
            if (!api.hasData(expr)) {
              missing.add(where + ": " + expr);
            }
          });
          return missing.isEmpty();
        }, prom, missing);

        for (String alert : QUIET) {
          String expr = expressions.get("alert " + alert);
          assertThat(api.result(expr)).as(alert + " on a healthy service: " + expr).isEmpty();
        }
        for (String variable : List.of("repository", "agent")) {
          assertThat(api.labelValues(variable, "cost_usd_total")).as("template variable " + variable).isNotEmpty();
        }
        assertThat(api.labelValues("repository", "cost_usd_total")).contains("5dlabs/cto");
        awaitOrFail("Prometheus evaluated the rules file", () -> api.rulesEvaluated(9), prom);
        JsonNode rules = api.get("/api/v1/rules");
        for (JsonNode group : rules.path("data").path("groups")) {
          for (JsonNode rule : group.path("rules")) {
            assertThat(rule.path("health").asText()).as(rule.path("name").asText() + ": " + rule.path("lastError").asText())
                .isEqualTo("ok");
          }
        }
      } finally {
        prom.destroy();
        if (!prom.waitFor(30, TimeUnit.SECONDS)) {
          prom.destroyForcibly();
        }
      }
    }
  }

  @Test
  void comparisonsGetBoolOutsideLabelMatchers() {
    assertThat(withBool("a{x!=\"1\"} > 0 and deriv(b[5m]) >= 2"))
        .isEqualTo("a{x!=\"1\"} > bool 0 and deriv(b[5m]) >= bool 2");
    assertThat(withBool("up{job=\"c\"} == 0 or c != 1")).isEqualTo("up{job=\"c\"} == bool 0 or c != bool 1");
  }

  /**
   * An alert's expression with {@code bool} after each comparison: every series it looks at is
   * returned (0 or 1) instead of only those past the threshold, so an alert that should not fire
   * now still proves its metrics and labels exist and match.
   */
  static String withBool(String expr) {
    StringBuilder out = new StringBuilder();
    int braces = 0;
    boolean quoted = false;
    for (int i = 0; i < expr.length(); i++) {
      char c = expr.charAt(i);
      char next = i + 1 < expr.length() ? expr.charAt(i + 1) : 0;
      if (c == '"' && (i == 0 || expr.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      } else if (!quoted && c == '{') {
        braces++;
      } else if (!quoted && c == '}') {
        braces--;
      } else if (!quoted && braces == 0 && (c == '>' || c == '<' || ((c == '=' || c == '!') && next == '='))) {
        boolean twoChars = next == '=';
        out.append(c);
        if (twoChars) {
          out.append(next);
          i++;
        }
        out.append(" bool");
        continue;
      }
      out.append(c);
    }
    return out.toString();
  }

  /** Every expression, keyed by where it is: {@code panel <title> <refId>}, {@code record <name>}, {@code alert <name>}. */
  private static Map<String, String> expressions() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode panel : JSON.readTree(MonitoringFilesTest.DASHBOARD.toFile()).path("panels")) {
      for (JsonNode t : panel.path("targets")) {
        // the template variables' "All" value (allValue) selects everything
        String expr = t.path("expr").asText().replace("$repository", ".*").replace("$agent", ".*");
        out.put("panel " + panel.path("title").asText() + " " + t.path("refId").asText(), expr);
      }
    }
    for (JsonNode group : MonitoringFilesTest.YAML.readTree(MonitoringFilesTest.RULES.toFile()).path("groups")) {
      for (JsonNode r : group.path("rules")) {
        String key = r.has("record") ? "record " + r.path("record").asText() : "alert " + r.path("alert").asText();
        out.put(key, r.path("expr").asText());
      }
    }
    assertThat(out.keySet()).as("expressions in the dashboard and the rules").hasSizeGreaterThan(20);
    return out;
  }

  /** Metric names the expressions select that are neither exported nor Prometheus's own {@code up} nor recorded by a rule. */
  private static List<String> unexported(Iterable<String> expressions, Set<String> exported) {
    Set<String> out = new TreeSet<>();
    for (String expr : expressions) {
      for (String name : PromQl.metricNames(expr)) {
        if (!name.equals("up") && !name.startsWith("cto_costs:") && !exported.contains(name)) {
          out.add(name);
        }
      }
    }
    return List.copyOf(out);
  }

  private static Set<String> exportedNames(String exposition) {
    Set<String> names = new TreeSet<>();
    exposition.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
        .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
    return names;
  }

  private Path config(FakeProviderServer fake, int deadPort) throws IOException {
    return Files.writeString(dir.resolve("cost-config.yaml"), """
        warning_threshold: 1
        error_threshold: 100
        extends_default_pricing: true
        pricing:
          - {model: house-model, input_cost_per_million: 1, output_cost_per_million: 0}
          - {model: claude-fake-json, provider: anthropic, aliases: [claude-fake-stream],
             input_cost_per_million: 1, output_cost_per_million: 2}
        budgets:
          - {name: everything-daily, scope: {}, period: day, limit_usd: 0.5, alert_at: [0.5, 1.0]}
        alerts:
          retry_delay: 200ms
          webhooks:
            - {name: ops, url: "http://127.0.0.1:%d/cost-alerts", timeout: 2s}
        proxy:
          upstreams: {anthropic: "%s"}
          spool: "%s"
        """.formatted(deadPort, fake.anthropicBaseUrl(), dir.resolve("spool.ndjson")));
  }

  private Process startPrometheus(Path binary, int servePort, int promPort) throws IOException {
    Path rules = MonitoringFilesTest.RULES.toAbsolutePath();
    Path config = Files.writeString(dir.resolve("prometheus.yml"), """
        global: {scrape_interval: 1s, evaluation_interval: 1s}
        rule_files: ["%s"]
        scrape_configs:
          - job_name: cto-costs
            static_configs: [{targets: ["127.0.0.1:%d"]}]
        """.formatted(rules, servePort));
    return new ProcessBuilder(binary.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
        "--web.listen-address=127.0.0.1:" + promPort, "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
  }

  private void promtoolCheckRules(Path promtool) throws Exception {
    Path spec = dir.resolve("prometheusrule-spec.yml");
    MonitoringFilesTest.YAML.writeValue(spec.toFile(),
        MonitoringFilesTest.YAML.readTree(MonitoringFilesTest.OPERATOR_RULE.toFile()).path("spec"));
    for (Path file : List.of(MonitoringFilesTest.RULES.toAbsolutePath(), spec)) {
      Process p = new ProcessBuilder(promtool.toString(), "check", "rules", file.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
    }
  }

  /** The Debian package's binary; skipped locally without it, a failure on CI. */
  private static Path binary(String name) {
    for (String d : (System.getenv("PATH") + File.pathSeparator + "/usr/bin").split(File.pathSeparator)) {
      File f = new File(d, name);
      if (f.canExecute()) {
        return f.toPath();
      }
    }
    if (System.getenv("CI") != null) {
      fail(name + " is not installed: .ci/run installs it with Debian's prometheus package");
    }
    assumeTrue(false, name + " (Debian package prometheus) is not installed; .ci/run installs it");
    return null;
  }

  private void awaitOrFail(String what, BooleanSupplier condition, Process prom) throws Exception {
    awaitOrFail(what, condition, prom, List.of());
  }

  private void awaitOrFail(String what, BooleanSupplier condition, Process prom, List<String> detail) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      if (!prom.isAlive()) {
        fail("prometheus exited (" + prom.exitValue() + "): " + Files.readString(dir.resolve("prometheus.log")));
      }
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(1000);
    }
    fail("waited " + PATIENCE.toSeconds() + " s for " + what + "; still missing:\n" + String.join("\n", detail)
        + "\nprometheus log:\n" + Files.readString(dir.resolve("prometheus.log")));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String usage(String id, int pr, String agent, String stage, String model, long input) {
    return "{\"id\":\"" + id + "\",\"repository\":\"5dlabs/cto\",\"pr_number\":" + pr + ",\"agent\":\"" + agent
        + "\",\"model\":\"" + model + "\",\"input_tokens\":" + input + ",\"output_tokens\":0,\"stage\":\"" + stage + "\"}";
  }

  private static int post(String base, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/usage")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  /** One Anthropic Messages call through serve's proxy to the fake provider. */
  private static int proxyCall(String base, String scenario, boolean stream) throws Exception {
    String body = "{\"model\":\"claude-fake-" + scenario + "\",\"max_tokens\":64,\"stream\":" + stream
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/proxy/anthropic/v1/messages"))
        .header("Content-Type", "application/json").header("x-api-key", "test-key").header("anthropic-version", "2023-06-01")
        .header("X-CTO-Repository", "5dlabs/cto").header("X-CTO-PR", "4").header("X-CTO-Agent", "blaze")
        .header("X-CTO-Stage", "code").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.statusCode();
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
    return r.body();
  }

  /** Prometheus's HTTP API. */
  private record Prom(String base) {

    JsonNode get(String pathAndQuery) {
      try {
        return JSON.readTree(PrometheusScrapeTest.get(base + pathAndQuery));
      } catch (Exception e) {
        throw new IllegalStateException(pathAndQuery + ": " + e.getMessage(), e);
      }
    }

    /** The instant query's result; a query Prometheus refuses fails the test with its error. */
    JsonNode result(String expr) {
      JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
      assertThat(answer.path("status").asText()).as(expr + ": " + answer).isEqualTo("success");
      return answer.path("data").path("result");
    }

    /** {@code /-/ready} answers 200 (false while it is still starting and refuses connections). */
    boolean ready() {
      try {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/-/ready")).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    boolean hasData(String expr) {
      return !result(expr).isEmpty();
    }

    List<String> labelValues(String label, String metric) {
      JsonNode answer = get("/api/v1/label/" + label + "/values?match[]=" + URLEncoder.encode(metric, StandardCharsets.UTF_8));
      List<String> values = new ArrayList<>();
      answer.path("data").forEach(v -> values.add(v.asText()));
      return values;
    }

    /** True once every one of the {@code expected} loaded rules has been evaluated at least once. */
    boolean rulesEvaluated(int expected) {
      int evaluated = 0;
      for (JsonNode group : get("/api/v1/rules").path("data").path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          if (!rule.path("lastEvaluation").asText().startsWith("0001")) {
            evaluated++;
          }
        }
      }
      return evaluated >= expected;
    }
  }
}
