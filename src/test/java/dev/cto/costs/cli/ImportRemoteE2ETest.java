package dev.cto.costs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.cli.CliProcess.Result;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import --server}: a sidecar pushes log records to a collector; same records and cost as a local import. */
class ImportRemoteE2ETest {

  static final Path SAMPLE = Path.of(System.getProperty("cto.shared", "/work/shared"), "samples", "claude-code");

  @TempDir Path dir;

  @Test
  void importThroughTheCollectorEqualsALocalImport() throws Exception {
    Process server = startServer();
    try {
      String url = "http://127.0.0.1:" + port(server);
      Result remote = CliProcess.run(dir, Map.of(), null, "costs", "import", "claude-code", "--settle", "0", SAMPLE.toString(),
          "--server", url, "--state", dir.resolve("remote-state.json").toString(), "--json");
      Result again = CliProcess.run(dir, Map.of(), null, "costs", "import", "claude-code", "--settle", "0", SAMPLE.toString(),
          "--server", url, "--state", dir.resolve("other-state.json").toString(), "--json");
      Result local = CliProcess.run(dir, Map.of(), null, "costs", "import", "claude-code", "--settle", "0", SAMPLE.toString(),
          "--db", dir.resolve("local.db").toString(), "--json");

      ObjectMapper json = new ObjectMapper();
      JsonNode r = json.readTree(remote.out());
      JsonNode l = json.readTree(local.out());
      assertThat(r.get("records_new").asLong()).as(remote.err()).isEqualTo(100).isEqualTo(l.get("records_new").asLong());
      assertThat(r.get("cost_usd").decimalValue()).isEqualByComparingTo(l.get("cost_usd").decimalValue());
      JsonNode a = json.readTree(again.out());
      assertThat(a.get("records_new").asLong()).isZero();
      assertThat(a.get("records_duplicate").asLong()).isEqualTo(100);
    } finally {
      server.destroy();
      server.waitFor();
    }
  }

  /**
   * A call Claude Code reported over OTLP (request id only) and that the log import then finds
   * (message id + request id) is one call: the collector stores it once.
   */
  @Test
  void aCallAlreadyReceivedOverOtlpIsNotImportedAgain() throws Exception {
    String requestId = firstRequestId();
    Process server = startServer();
    try {
      String url = "http://127.0.0.1:" + port(server);
      String otlp = """
          {"resourceLogs":[{"resource":{"attributes":[{"key":"cto.agent","value":{"stringValue":"rex"}}]},
           "scopeLogs":[{"logRecords":[{"timeUnixNano":"1790000000000000000",
             "body":{"stringValue":"claude_code.api_request"},
             "attributes":[{"key":"event.name","value":{"stringValue":"api_request"}},
               {"key":"model","value":{"stringValue":"claude-sonnet-4-5"}},
               {"key":"request_id","value":{"stringValue":"%s"}},
               {"key":"input_tokens","value":{"intValue":"10"}}]}]}]}]}
          """.formatted(requestId);
      var http = java.net.http.HttpClient.newHttpClient();
      var posted = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/v1/logs"))
          .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(otlp))
          .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);

      Result imported = CliProcess.run(dir, Map.of(), null, "costs", "import", "claude-code", "--settle", "0",
          SAMPLE.toString(), "--server", url, "--state", dir.resolve("state.json").toString(), "--json");

      JsonNode r = new ObjectMapper().readTree(imported.out());
      assertThat(r.get("records_new").asLong()).as(imported.err()).isEqualTo(99);
      assertThat(r.get("records_duplicate").asLong()).isEqualTo(1);
    } finally {
      server.destroy();
      server.waitFor();
    }
  }

  /** The request id of the sample's first API response. */
  private static String firstRequestId() throws Exception {
    ObjectMapper json = new ObjectMapper();
    try (var files = java.nio.file.Files.walk(SAMPLE)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
        for (String line : java.nio.file.Files.readAllLines(file)) {
          JsonNode node = json.readTree(line);
          if ("assistant".equals(node.path("type").asText()) && node.path("message").has("usage")
              && node.hasNonNull("requestId")) {
            return node.get("requestId").asText();
          }
        }
      }
    }
    throw new IllegalStateException("no API response in " + SAMPLE);
  }

  /** {@code costs serve} on a free port over {@code server.db}, as its own process. */
  private Process startServer() throws Exception {
    Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        CliProcess.jar().toAbsolutePath().toString(), "costs", "serve", "--port", "0", "--db",
        dir.resolve("server.db").toString()).redirectErrorStream(true).directory(dir.toFile()).start();
    server.getOutputStream().close();
    return server;
  }

  private static int port(Process server) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    String line;
    while ((line = out.readLine()) != null) {
      Matcher m = listening.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
        drain.setDaemon(true);
        drain.start();
        return Integer.parseInt(m.group(1));
      }
    }
    throw new IllegalStateException("server did not start");
  }
}
