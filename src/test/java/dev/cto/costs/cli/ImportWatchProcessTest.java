package dev.cto.costs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CostsApp;
import dev.cto.costs.store.UsageFilter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import claude-code --watch} as its own OS process, stopped by SIGTERM as Kubernetes or
 * Ctrl-C stop it: every pass that found something prints one line, and the stop saves the state.
 */
class ImportWatchProcessTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void watchesImportsAppendedLinesAndStopsCleanlyOnSigterm() throws Exception {
    Path log = tmp.resolve("claude/projects/-home-dev-code-service-01/s-1.jsonl");
    Files.createDirectories(log.getParent());
    Files.writeString(log, line("msg_1", 100));
    Path db = tmp.resolve("costs.db");
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.cto.costs.cli.Main",
        "costs", "import", "claude-code", tmp.resolve("claude").toString(), "--watch", "--interval", "0.2",
        "--settle", "0", "--db", db.toString(), "--json")
        .directory(tmp.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      awaitPasses(p, out, err, 1, Duration.ofSeconds(120)); // a JVM start on a loaded machine
      Files.writeString(log, line("msg_2", 200) + line("msg_3", 300), StandardOpenOption.APPEND);
      awaitPasses(p, out, err, 2, Duration.ofSeconds(30));
      Thread.sleep(600); // a few passes that find nothing: they print nothing

      p.destroy(); // SIGTERM
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s of SIGTERM").isTrue();
    } finally {
      p.destroyForcibly();
    }

    List<JsonNode> passes = passes(out);
    assertThat(passes).hasSize(2);
    assertThat(passes.get(0).get("records_new").asLong()).isEqualTo(1);
    assertThat(passes.get(1).get("records_new").asLong()).isEqualTo(2);
    assertThat(passes.get(1).get("lines").asLong()).isEqualTo(2);
    assertThat(passes.get(1).has("at")).isTrue();
    assertThat(Files.readString(err)).doesNotContain("Exception").doesNotContain("failed");
    JsonNode state = JSON.readTree(tmp.resolve("costs.db.import-state.json").toFile());
    assertThat(state.get(log.toAbsolutePath().toString()).get("offset").asLong()).isEqualTo(Files.size(log));
    try (CostsApp app = CostsApp.open(new AppOptions(db, null, null))) {
      assertThat(app.queries().totals(UsageFilter.ALL).records()).isEqualTo(3);
    }
  }

  private static void awaitPasses(Process p, Path out, Path err, int count, Duration bound) throws Exception {
    try {
      await().atMost(bound).failFast("the watch process exited", () -> !p.isAlive())
          .until(() -> passes(out).size() == count);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("expected " + count + " passes; stdout:\n" + Files.readString(out) + "\nstderr:\n"
          + Files.readString(err), e);
    }
  }

  private static List<JsonNode> passes(Path out) throws Exception {
    return Files.readAllLines(out, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("{")).map(l -> {
      try {
        return JSON.readTree(l);
      } catch (Exception e) {
        throw new AssertionError("not one JSON document per line: " + l, e);
      }
    }).collect(Collectors.toList());
  }

  private static String line(String id, long output) {
    return "{\"message\":{\"model\":\"claude-sonnet-4-5-20250929\",\"id\":\"" + id + "\",\"type\":\"message\","
        + "\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],\"usage\":{\"input_tokens\":10,"
        + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":" + output + "}},"
        + "\"requestId\":\"req_" + id + "\",\"type\":\"assistant\",\"uuid\":\"u\",\"timestamp\":\"2026-09-01T10:00:00.000Z\","
        + "\"cwd\":\"/home/dev/code/service-01\",\"sessionId\":\"s-1\"}\n";
  }
}
