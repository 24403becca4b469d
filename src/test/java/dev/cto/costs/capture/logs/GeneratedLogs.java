package dev.cto.costs.capture.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the shared log generator into a temp dir; its manifest is the independent oracle. */
final class GeneratedLogs {

  static final Path GENERATOR = Path.of(System.getProperty("cto.shared", "/work/shared"), "tools", "gen_agent_logs.py");

  private GeneratedLogs() {}

  /** Generates and returns the manifest ({@code <out>/manifest.json}). */
  static JsonNode generate(Path out, String... extra) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("python3", GENERATOR.toString(), "--out", out.toString()));
    command.addAll(List.of(extra));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("generator failed: " + output);
    }
    return new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
  }
}
