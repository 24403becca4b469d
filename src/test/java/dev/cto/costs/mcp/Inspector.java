package dev.cto.costs.mcp;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The official MCP inspector CLI ({@code @modelcontextprotocol/inspector --cli}, from
 * {@code src/test/node}) as a separate process. Skipped only when {@code node} is missing; a
 * missing npm package is a failure, since {@code .ci/run} and the build install them.
 */
final class Inspector {

  record Result(int exitCode, String out, String err) {}

  private static final Path BIN = Path.of("src/test/node/node_modules/.bin/mcp-inspector");
  private static final long TIMEOUT_SECONDS = 90;

  private Inspector() {}

  static void assumeNode() {
    boolean onPath = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "node")));
    Assumptions.assumeTrue(onPath, "node is not on the PATH: the MCP inspector cannot run");
  }

  static Result run(List<String> args) throws IOException, InterruptedException {
    if (!Files.isExecutable(BIN)) {
      throw new IllegalStateException("the MCP inspector is not installed: run npm ci --prefix src/test/node (.ci/run does)");
    }
    List<String> command = new ArrayList<>(List.of(BIN.toAbsolutePath().toString(), "--cli"));
    command.addAll(args);
    Path out = Files.createTempFile("inspector", ".out");
    Path err = Files.createTempFile("inspector", ".err");
    try {
      // files, not pipes: a chatty process never blocks on a full pipe
      Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError("the inspector did not finish in " + TIMEOUT_SECONDS + " s: " + Files.readString(err));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
