package dev.cto.costs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.cli.CliProcess.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --server}: the CLI through a running collector gives what it gives on the database. */
class RemoteCliE2ETest {

  @TempDir Path dir;

  @Test
  void everyCommandThroughTheCollectorMatchesTheDatabase() throws Exception {
    String db = dir.resolve("costs.db").toString();
    try (CliProcess.Served server = CliProcess.serve(dir, db)) {
      Map<String, String> env = Map.of("COST_SERVER_URL", server.url());
      Result record = CliProcess.run(dir, env, null, "costs", "record", "--repo", "5dlabs/cto", "--pr", "9", "--agent", "rex",
          "--model", "claude-sonnet", "--input-tokens", "10000", "--output-tokens", "5000", "--stage", "code", "--id", "r1");
      assertThat(record.out()).as(record.err()).isEqualTo("recorded r1: $0.105\n");
      Path file = Files.writeString(dir.resolve("u.ndjson"),
          "{\"id\":\"r2\",\"repository\":\"5dlabs/cto\",\"pr_number\":9,\"agent\":\"cleo\",\"model\":\"gpt-5\",\"input_tokens\":5,\"output_tokens\":7,\"stage\":\"qa\",\"timestamp\":\"2026-03-01T10:00:00Z\"}\n"
          + "{\"id\":\"r3\",\"repository\":\"5dlabs/cto\",\"pr_number\":9,\"agent\":\"cleo\",\"model\":\"who-knows\",\"input_tokens\":5,\"output_tokens\":7,\"stage\":\"qa\",\"timestamp\":\"2026-03-01T10:00:00Z\"}\n");
      assertThat(CliProcess.run(dir, env, null, "costs", "ingest", file.toString()).out())
          .startsWith("accepted 2 records, 0 duplicates skipped").contains("1 unpriced");

      Result bad = CliProcess.run(dir, env, "{\"agent\":\"rex\"}\n".getBytes(StandardCharsets.UTF_8), "costs", "ingest", "-");
      assertThat(bad.exitCode()).isEqualTo(1);
      assertThat(bad.err()).contains("records[0]: model: is required").contains("nothing stored");

      for (List<String> command : List.of(
          List.of("costs", "show", "--pr", "9", "--detailed"),
          List.of("costs", "show", "--pr", "9", "--format", "json"),
          List.of("costs", "agent", "--name", "cleo", "--since", "2026-01-01", "--format", "markdown"),
          List.of("costs", "compare", "--prs", "9"),
          List.of("costs", "summary", "--since", "2026-01-01", "--format", "csv"))) {
        Result remote = CliProcess.run(dir, env, null, command.toArray(String[]::new));
        List<String> local = new java.util.ArrayList<>(command);
        local.addAll(List.of("--db", db));
        Result direct = CliProcess.run(dir, Map.of(), null, local.toArray(String[]::new));
        assertThat(remote.exitCode()).as(remote.err()).isZero();
        assertThat(remote.out()).as(String.join(" ", command)).isEqualTo(direct.out());
      }
      assertThat(CliProcess.run(dir, env, null, "costs", "export", "--output", "-", "--format", "csv").out().lines().count()).isEqualTo(4);
      Result missing = CliProcess.run(dir, env, null, "costs", "show", "--pr", "404");
      assertThat(missing.exitCode()).isEqualTo(1);
      assertThat(missing.err()).isEqualTo("cto-cli: no cost data for PR 404\n");
      Result down = CliProcess.run(dir, Map.of("COST_SERVER_URL", "http://127.0.0.1:1"), null, "costs", "show", "--pr", "9");
      assertThat(down.exitCode()).isEqualTo(1);
      assertThat(down.err()).startsWith("cto-cli: cannot reach the collector at http://127.0.0.1:1");
    }
  }
}
