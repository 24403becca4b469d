package dev.cto.costs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.cli.CliProcess.Result;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import --server}: a sidecar pushes log records to a collector; same records and cost as a local import. */
class ImportRemoteE2ETest {

  /** A small Claude Code log set shipped with the tests (100 API responses in 200 usage lines), with its manifest. */
  static final Path SAMPLE = sample();

  @TempDir Path dir;

  @Test
  void importThroughTheCollectorEqualsALocalImport() throws Exception {
    try (CliProcess.Served server = CliProcess.serve(dir, dir.resolve("server.db").toString())) {
      String url = server.url();
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
      // --summary through the collector: the collector's summary of everything it stores
      Result summarised = CliProcess.run(dir, Map.of(), null, "costs", "import", "claude-code", "--settle", "0",
          SAMPLE.toString(), "--server", url, "--state", dir.resolve("third-state.json").toString(), "--summary", "--json");
      JsonNode s = json.readTree(summarised.out());
      assertThat(s.get("records").asLong()).as(summarised.err()).isEqualTo(100);
      assertThat(s.get("total_cost_usd").decimalValue()).isEqualByComparingTo(l.get("cost_usd").decimalValue());
      assertThat(s.get("from").asText()).isEqualTo(s.get("by_day").get(0).get("date").asText() + "T00:00:00Z");
      assertThat(summarised.err()).contains("100 already imported");
    }
  }

  /**
   * A call Claude Code reported over OTLP (request id only) and that the log import then finds
   * (message id + request id) is one call: the collector stores it once.
   */
  @Test
  void aCallAlreadyReceivedOverOtlpIsNotImportedAgain() throws Exception {
    String requestId = firstRequestId();
    try (CliProcess.Served server = CliProcess.serve(dir, dir.resolve("server.db").toString())) {
      String url = server.url();
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
    }
  }

  private static Path sample() {
    try {
      return Path.of(ImportRemoteE2ETest.class.getResource("/samples/claude-code").toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
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
}
