package dev.cto.costs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.cli.CliProcess.Result;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command against a real PostgreSQL gives what it gives against SQLite. */
class CliPostgresE2ETest {

  static EmbeddedPostgres postgres;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  private Result run(List<String> store, String... args) throws Exception {
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.addAll(store);
    return CliProcess.run(dir, Map.of(), null, all.toArray(String[]::new));
  }

  @Test
  void sameAnswersOnPostgresAndSqlite() throws Exception {
    StringBuilder body = new StringBuilder();
    String[] agents = {"rex", "blaze", "cleo", "tess"};
    for (int i = 0; i < 200; i++) {
      body.append(String.format("{\"id\":\"r%d\",\"repository\":\"5dlabs/cto\",\"pr_number\":%d,\"agent\":\"%s\",\"model\":\"%s\","
              + "\"input_tokens\":%d,\"output_tokens\":%d,\"cache_read_input_tokens\":%d,\"stage\":\"%s\",\"iteration\":%d,"
              + "\"timestamp\":\"2026-03-%02dT%02d:00:00Z\"}%n",
          i, 100 + i % 5, agents[i % 4], i % 7 == 0 ? "mystery-model" : i % 2 == 0 ? "claude-sonnet-4-5" : "gpt-5.1-codex",
          i * 37 + 1, i * 11, i * 1000, i % 3 == 0 ? "qa" : "code", 1 + i % 3, 1 + i % 28, i % 24));
    }
    Path file = Files.writeString(dir.resolve("usage.ndjson"), body.toString(), StandardCharsets.UTF_8);
    List<String> pg = List.of("--db-url", postgres.getJdbcUrl("postgres", "postgres"));
    List<String> sqlite = List.of("--db", dir.resolve("costs.db").toString());

    for (List<String> store : List.of(pg, sqlite)) {
      Result ingest = run(store, "costs", "ingest", file.toString());
      assertThat(ingest.exitCode()).as(ingest.err()).isZero();
      assertThat(ingest.out()).startsWith("accepted 200 records");
      assertThat(run(store, "costs", "ingest", file.toString()).out()).startsWith("accepted 0 records, 200 duplicates");
    }
    List<String[]> commands = List.of(
        new String[] {"costs", "show", "--pr", "101", "--detailed", "--format", "json"},
        new String[] {"costs", "agent", "--name", "rex", "--since", "2026-03-01", "--until", "2026-04-01", "--format", "json"},
        new String[] {"costs", "compare", "--prs", "104,100", "--format", "json"},
        new String[] {"costs", "summary", "--month", "2026-03", "--format", "json"},
        new String[] {"costs", "export", "--output", "-", "--format", "csv"},
        new String[] {"costs", "pricing", "check"});
    for (String[] command : commands) {
      Result onPg = run(pg, command);
      Result onSqlite = run(sqlite, command);
      assertThat(onPg.out()).as(String.join(" ", command) + "\n" + onPg.err()).isNotBlank().isEqualTo(onSqlite.out());
    }
    Result cleanup = run(pg, "costs", "cleanup", "--older-than", "1d");
    assertThat(cleanup.out()).startsWith("deleted 200 records");
    assertThat(run(pg, "costs", "reprice", "--all").out()).startsWith("examined 0 records");
  }
}
