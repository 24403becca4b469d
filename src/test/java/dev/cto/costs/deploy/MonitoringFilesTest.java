package dev.cto.costs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard, the Prometheus rules file and its PrometheusRule twin: the two rule files
 * hold the same rules, promtool accepts both, and every metric the dashboard and alerts query is
 * one the service defines (so a renamed meter breaks this test, not a panel in production).
 */
class MonitoringFilesTest {

  static final Path RULES = Path.of("deploy/prometheus/cto-costs-rules.yml");
  static final Path OPERATOR_RULE = Path.of("deploy/k8s/monitoring/cto-costs-prometheusrule.yaml");
  static final Path DASHBOARD = Path.of("deploy/grafana/cto-costs.json");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path dir;

  @Test
  void thePrometheusRuleSpecIsTheRulesFile() throws Exception {
    JsonNode rules = YAML.readTree(RULES.toFile());
    JsonNode operator = YAML.readTree(OPERATOR_RULE.toFile());
    assertThat(operator.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(operator.path("kind").asText()).isEqualTo("PrometheusRule");
    assertThat(operator.path("spec")).isEqualTo(rules);
  }

  @Test
  void promtoolAcceptsBothRuleFiles() throws Exception {
    assumeTrue(new File("/usr/bin/promtool").canExecute(), "promtool (Debian package prometheus) is installed by .ci/run");
    Path spec = dir.resolve("spec.yml");
    YAML.writeValue(spec.toFile(), YAML.readTree(OPERATOR_RULE.toFile()).path("spec"));
    for (Path file : List.of(RULES.toAbsolutePath(), spec)) {
      Process p = new ProcessBuilder("/usr/bin/promtool", "check", "rules", file.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
    }
  }

  @Test
  void everyQueriedMetricIsOneTheServiceDefines() throws Exception {
    Set<String> defined = definedMetricNames();
    Set<String> queried = new TreeSet<>();
    for (String expr : expressions()) {
      queried.addAll(PromQl.metricNames(expr));
    }
    queried.remove("up"); // Prometheus's own per-target series
    assertThat(queried).isNotEmpty();
    assertThat(defined).as("metrics defined by the service").containsAll(queried);
  }

  @Test
  void metricNamesAreParsedOutOfExpressions() {
    assertThat(PromQl.metricNames("histogram_quantile(0.95, sum by (le) (rate(a_bucket{agent=~\"$agent\"}[5m])))"))
        .containsExactly("a_bucket");
    assertThat(PromQl.metricNames("max(x) > min(y + z) and deriv(w[10m]) > 0 or up{job=\"c\"} == 0"))
        .containsExactlyInAnyOrder("x", "y", "z", "w", "up");
    assertThat(PromQl.metricNames("sum by (model) (a unless a offset 15m) or b * 3600 > 1.5"))
        .containsExactlyInAnyOrder("a", "b");
  }

  static List<String> expressions() throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode panel : new ObjectMapper().readTree(DASHBOARD.toFile()).path("panels")) {
      panel.path("targets").forEach(t -> out.add(t.path("expr").asText()));
    }
    for (JsonNode group : YAML.readTree(RULES.toFile()).path("groups")) {
      group.path("rules").forEach(r -> out.add(r.path("expr").asText()));
    }
    return out;
  }

  /** Names as exported: Micrometer adds _total to counters and _seconds_* to timers. */
  static Set<String> definedMetricNames() throws Exception {
    Set<String> names = new TreeSet<>();
    Pattern counter = Pattern.compile("Counter\\.builder\\(\"([a-z_]+)\"");
    Pattern timer = Pattern.compile("Timer\\.builder\\(\"([a-z_]+)\"");
    Pattern gauge = Pattern.compile("(?:Gauge\\.builder|gauge)\\(\"([a-z_]+)\"");
    try (var files = Files.walk(Path.of("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String src = Files.readString(f);
        add(counter, src, names, "_total");
        add(gauge, src, names, "");
        for (Matcher m = timer.matcher(src); m.find(); ) {
          for (String s : List.of("_seconds_bucket", "_seconds_sum", "_seconds_count", "_seconds_max")) {
            names.add(m.group(1) + s);
          }
        }
      }
    }
    return names;
  }

  private static void add(Pattern p, String src, Set<String> names, String suffix) {
    for (Matcher m = p.matcher(src); m.find(); ) {
      names.add(m.group(1) + suffix);
    }
  }
}
