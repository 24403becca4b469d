package dev.cto.costs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /metrics is valid Prometheus exposition (checked by promtool, from Debian's prometheus package,
 * which .ci/run installs) and its values are what was ingested.
 */
class MetricsExpositionTest {

  @TempDir Path dir;

  @Test
  void promtoolAcceptsTheMetricsAndTheValuesMatchTheIngestedUsage() throws Exception {
    String today = LocalDate.now(ZoneOffset.UTC) + "T01:00:00Z";
    try (CollectorService service = CollectorService.start(new AppOptions(dir.resolve("c.db"), null, null),
        new ServerOptions("127.0.0.1", 0, List.of(), 1 << 20, 1000, 14))) {
      Http http = new Http(service.port(), null);
      String body = String.join("\n",
          rec("a", 31, "rex", "code", "claude-sonnet-4-5", 1000, 100, today),
          rec("b", 31, "rex", "code", "claude-sonnet-4-5", 2000, 200, today),
          rec("c", 31, "cleo", "qa", "mystery-model", 30, 3, today),
          rec("old", 7, "tess", "qa", "claude-sonnet-4-5", 5, 5, "2025-01-01T00:00:00Z"));
      assertThat(http.post("/v1/usage", "application/x-ndjson", body).statusCode()).isEqualTo(200);
      http.post("/v1/usage", "application/json", rec("a", 31, "rex", "code", "claude-sonnet-4-5", 1000, 100, today));
      http.post("/v1/usage", "application/json", "{\"agent\":1}");

      // total_cost_usd is refreshed in the background: wait for this PR to appear
      Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> http.get("/metrics").body().contains("pr=\"31\""));
      String metrics = http.get("/metrics").body();

      assertThat(metrics).contains("token_usage_total{agent=\"rex\",model=\"claude-sonnet-4-5\",source=\"http\",type=\"input\"} 3000.0");
      assertThat(metrics).contains("token_usage_total{agent=\"rex\",model=\"claude-sonnet-4-5\",source=\"http\",type=\"output\"} 300.0");
      assertThat(metrics).contains("cost_collector_records_total{outcome=\"accepted\",source=\"http\"} 4.0");
      assertThat(metrics).contains("cost_collector_records_total{outcome=\"duplicate\",source=\"http\"} 1.0");
      assertThat(metrics).contains("cost_collector_rejected_records_total{reason=\"invalid_agent\",source=\"http\"} 1.0");
      assertThat(metrics).contains("cost_unpriced_records_total{model=\"mystery-model\"} 1.0");
      assertThat(metrics).contains("cost_recording_duration_seconds_count{agent=\"rex\",stage=\"code\"} 1"); // one request
      // rex on PR 31: 3,000 * $3/M + 300 * $15/M = $0.0135
      assertThat(metrics).contains("total_cost_usd{agent=\"rex\",pr=\"31\",repository=\"5dlabs/cto\",stage=\"code\"} 0.0135");
      // PR 7's only usage is older than the 14-day window: no series for it
      assertThat(metrics).doesNotContain("pr=\"7\"");

      assumeTrue(new File("/usr/bin/promtool").canExecute() || onPath("promtool"), "promtool is installed by .ci/run");
      Path file = Files.writeString(dir.resolve("metrics.txt"), metrics, StandardCharsets.UTF_8);
      Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile()).redirectErrorStream(true).start();
      String out = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
      // exit 1: invalid exposition; 3: only lint advice. The only advice allowed is about the
      // JVM/process meters Micrometer's binders name (e.g. system_cpu_count), none about ours.
      assertThat(promtool.exitValue()).as(out).isIn(0, 3);
      assertThat(out.lines().filter(l -> !l.isBlank()))
          .as(out).allMatch(l -> l.startsWith("process_") || l.startsWith("system_") || l.startsWith("jvm_"));
    }
  }

  private static boolean onPath(String command) {
    for (String p : System.getenv("PATH").split(File.pathSeparator)) {
      if (new File(p, command).canExecute()) {
        return true;
      }
    }
    return false;
  }

  private static String rec(String id, int pr, String agent, String stage, String model, long in, long out, String at) {
    return String.format("{\"id\":\"%s\",\"repository\":\"5dlabs/cto\",\"pr_number\":%d,\"agent\":\"%s\",\"model\":\"%s\","
        + "\"input_tokens\":%d,\"output_tokens\":%d,\"stage\":\"%s\",\"timestamp\":\"%s\"}", id, pr, agent, model, in, out, stage, at);
  }
}
