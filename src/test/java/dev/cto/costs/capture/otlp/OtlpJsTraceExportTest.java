package dev.cto.costs.capture.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/traces} fed by the official OpenTelemetry JS SDK
 * ({@code @opentelemetry/exporter-trace-otlp-proto}, gzip) from {@code src/test/node/otlp-traces.mjs},
 * against a real collector service on 127.0.0.1. Skipped only when {@code node} is missing;
 * missing npm packages fail, since {@code .ci/run} installs them.
 */
class OtlpJsTraceExportTest {

  private static final String TOKEN = "js-token";
  private static final Path NODE_DIR = Path.of("src/test/node");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private OtlpCollector collector;

  @BeforeEach
  void start() {
    collector = OtlpCollector.start(dir.resolve("costs.db"), TOKEN, null);
  }

  @AfterEach
  void stop() {
    collector.close();
  }

  @Test
  void genAiSpansFromTheJsExporterBecomeExactRecordsAndTheBadOneIsNamed() throws Exception {
    JsonNode run = export(collector.url("/v1/traces"));

    // SimpleSpanProcessor exports span by span: four exports, all acknowledged (a partial success is a success)
    assertThat(run.get("results")).hasSize(4).allSatisfy(r -> assertThat(r.get("code").asInt()).as(r.toString()).isZero());
    assertThat(run.get("warnings").toString())
        .contains("Received Partial Success response")
        .contains("rejectedSpans").contains("'chat broken': cache tokens (11 read + 0 written) exceed gen_ai.usage.input_tokens 10");

    Map<String, JsonNode> stored = collector.stored();
    assertThat(stored).containsOnlyKeys("chatcmpl-js1", "msg_js1");
    JsonNode gpt = stored.get("chatcmpl-js1");
    assertThat(gpt.get("input_tokens").asLong()).isEqualTo(500); // 2000 of which 1500 cached
    assertThat(gpt.get("cache_read_input_tokens").asLong()).isEqualTo(1500);
    assertThat(gpt.get("output_tokens").asLong()).isEqualTo(300);
    assertThat(gpt.get("model").asText()).isEqualTo("gpt-4o-2024-11-20");
    assertThat(gpt.get("provider").asText()).isEqualTo("openai");
    assertThat(gpt.get("repository").asText()).isEqualTo("5dlabs/cto");
    assertThat(gpt.get("pr_number").asLong()).isEqualTo(77);
    assertThat(gpt.get("agent").asText()).isEqualTo("blaze");
    assertThat(gpt.get("stage").asText()).isEqualTo("code");
    assertThat(gpt.get("iteration").asInt()).isEqualTo(3);
    assertThat(Instant.parse(gpt.get("timestamp").asText())).isEqualTo(Instant.parse("2026-11-21T08:00:01.500Z"));
    // 500 x $2.50/M + 1500 x $1.25/M + 300 x $10/M
    assertThat(gpt.get("cost_usd").decimalValue()).isEqualByComparingTo("0.006125");

    JsonNode claude = stored.get("msg_js1");
    assertThat(claude.get("input_tokens").asLong()).isEqualTo(100); // 1200 - 1000 read - 100 written
    assertThat(claude.get("cache_read_input_tokens").asLong()).isEqualTo(1000);
    assertThat(claude.get("cache_creation_input_tokens").asLong()).isEqualTo(100);
    assertThat(claude.get("stage").asText()).as("the span's cto.stage wins").isEqualTo("test");
    // 100 x $3/M + 1000 x $0.30/M + 100 x $3.75/M + 20 x $15/M
    assertThat(claude.get("cost_usd").decimalValue()).isEqualByComparingTo("0.001275");
  }

  @Test
  void withoutTheTokenTheJsExporterIsRefusedAndNothingIsStored() throws Exception {
    // the script sends "Bearer js-token"; a service with another token refuses it
    collector.close();
    collector = OtlpCollector.start(dir.resolve("other.db"), "another", null);
    JsonNode run = export(collector.url("/v1/traces"));
    assertThat(run.get("results")).allSatisfy(r -> assertThat(r.get("code").asInt()).isEqualTo(1));
    assertThat(run.toString()).contains("401");
    HttpResponse<String> export = collector.get("/v1/export?since=2020-01-01"); // with the token "another"
    assertThat(JSON.readTree(export.body())).isEmpty();
  }

  private static JsonNode export(String url) throws Exception {
    boolean onPath = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "node")));
    Assumptions.assumeTrue(onPath, "node is not on the PATH: the OpenTelemetry JS SDK cannot run");
    assertThat(NODE_DIR.resolve("node_modules/@opentelemetry/exporter-trace-otlp-proto"))
        .as("the npm test clients are installed (npm install --prefix src/test/node; .ci/run does)").isDirectory();
    Path out = Files.createTempFile("otlp-traces", ".out");
    Path err = Files.createTempFile("otlp-traces", ".err");
    try {
      // output to files, not pipes: a chatty process can never block on a full pipe buffer
      Process process = new ProcessBuilder("node", "otlp-traces.mjs", url, TOKEN).directory(NODE_DIR.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("otlp-traces.mjs did not finish within 60 s; stderr: " + Files.readString(err));
      }
      assertThat(process.exitValue()).as(Files.readString(err)).isZero();
      return JSON.readTree(Files.readString(out));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
