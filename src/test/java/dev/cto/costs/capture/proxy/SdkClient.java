package dev.cto.costs.capture.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code src/test/node/sdk-call.mjs}: one call made by the official npm SDK
 * ({@code @anthropic-ai/sdk} or {@code openai}) and the JSON document of what that client got.
 * Tests are skipped only when {@code node} is missing; missing npm packages are a failure, since
 * {@code .ci/run} installs them.
 */
final class SdkClient {

  static final Path NODE_DIR = Path.of("src/test/node");
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private SdkClient() {}

  /** Skips the calling test when {@code node} is not on the PATH (CI always has it). */
  static void assumeNode() {
    boolean onPath = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "node")));
    Assumptions.assumeTrue(onPath, "node is not on the PATH: the official SDK clients cannot run");
  }

  /** The SDK's baseURL for a provider whose API root (as configured upstream) is {@code apiRoot}. */
  static String baseUrl(Scenario.Sdk sdk, String apiRoot) {
    // the Anthropic SDK appends /v1/messages itself, the OpenAI SDK expects /v1 in its base URL
    return sdk == Scenario.Sdk.OPENAI ? apiRoot + "/v1" : apiRoot;
  }

  /** Makes the scenario's call with the provider's SDK against {@code baseUrl}. */
  static JsonNode call(Scenario scenario, String baseUrl, Map<String, String> headers) {
    if (!Files.isDirectory(NODE_DIR.resolve("node_modules"))) {
      throw new IllegalStateException("the npm SDK clients are not installed: run npm ci --prefix " + NODE_DIR + " (.ci/run does)");
    }
    Path out = null;
    Path err = null;
    Process process = null;
    try {
      out = Files.createTempFile("sdk-call", ".out");
      err = Files.createTempFile("sdk-call", ".err");
      // output to files, not pipes: a chatty process can never block on a full pipe buffer
      process = new ProcessBuilder("node", "sdk-call.mjs", scenario.sdk.id, scenario.scriptName, baseUrl,
          JSON.writeValueAsString(headers))
          .directory(NODE_DIR.toFile())
          .redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .start();
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("sdk-call " + scenario + " did not finish within " + TIMEOUT + "; stderr: " + read(err));
      }
      if (process.exitValue() != 0) {
        throw new AssertionError("sdk-call " + scenario + " exited " + process.exitValue() + ": " + read(err));
      }
      return JSON.readTree(read(out));
    } catch (IOException e) {
      throw new AssertionError("cannot run node for " + scenario + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running sdk-call " + scenario, e);
    } finally {
      if (process != null) {
        process.destroyForcibly();
      }
      delete(out);
      delete(err);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static void delete(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a leftover temp file is harmless
      }
    }
  }
}
