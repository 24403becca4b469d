package dev.cto.costs.store.jdbc;

import static dev.cto.costs.cli.CliRun.cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.capture.logs.LogGenerator;
import dev.cto.costs.cli.CliRun;
import dev.cto.costs.cli.Main;
import dev.cto.costs.store.StoreException;
import dev.cto.costs.store.UsageFilter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first import into a new SQLite file takes the bulk-load path ({@link SqliteBulkLoad}); an
 * import into an existing file the usual one. Both run on the same generated logs (copies of each
 * response, subagent replays, several projects attributed to PRs by a rule, thresholds that PRs
 * cross) and must leave the same database: records, rollup, indexes, threshold crossings.
 */
class SqliteBulkLoadTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path data;
  static JsonNode manifest;
  static Path logs;
  static Path config;

  @TempDir Path tmp;


  @BeforeAll
  static void generate() throws Exception {
    logs = data.resolve("claude");
    manifest = LogGenerator.generate(logs, "--usage-lines", "3000", "--lines-per-file", "150", "--projects", "6",
        "--days", "5", "--seed", "77");
    // every project a PR of its own, and lines low enough that most PRs cross both
    config = Files.writeString(data.resolve("cost-config.yaml"), """
        warning_threshold: 1
        error_threshold: 4
        attribution:
          rules:
            - match: {cwd: "/code/service-(0[0-9])$"}
              set: {repository: "acme/service", pr: "1$1", agent: "rex", stage: "code"}
        """);
  }

  @Test
  void aBulkFirstImportStoresExactlyWhatTheUsualImportStores() throws Exception {
    Path bulk = tmp.resolve("bulk/costs.db");
    Path usual = tmp.resolve("usual/costs.db");
    JdbcStore.openSqlite(usual).close(); // an existing (empty) database: the usual path

    CliRun b = importInto(bulk);
    CliRun u = importInto(usual);

    assertThat(b.exit()).as(b.err()).isZero();
    assertThat(u.exit()).as(u.err()).isZero();
    JsonNode bj = JSON.readTree(b.out());
    JsonNode uj = JSON.readTree(u.out());
    assertThat(bj.get("records_new").asLong()).isEqualTo(manifest.at("/claude/uniqueMessages").asLong());
    for (String field : List.of("records_new", "records_duplicate", "unpriced", "responses", "repeated_lines", "cost_usd")) {
      assertThat(bj.get(field)).as(field).isEqualTo(uj.get(field));
    }
    // the records column by column (recorded_at is the time of writing, so it differs)
    String records = "SELECT * FROM token_usage ORDER BY id";
    List<List<Object>> bulkRows = rows(bulk, records, "recorded_at");
    assertThat(bulkRows).hasSize((int) manifest.at("/claude/uniqueMessages").asLong());
    assertThat(bulkRows).isEqualTo(rows(usual, records, "recorded_at"));
    // the rollup row by row, and equal to a GROUP BY of the records
    String rollup = "SELECT * FROM usage_daily ORDER BY usage_day, repository, pr_number, agent, stage, model, provider, priced";
    assertThat(rows(bulk, rollup)).isNotEmpty().isEqualTo(rows(usual, rollup));
    assertThat(rows(bulk, "SELECT usage_day, SUM(records), SUM(cost_nanos), SUM(input_tokens) FROM usage_daily GROUP BY 1 ORDER BY 1"))
        .isEqualTo(rows(bulk, "SELECT usage_day, COUNT(*), SUM(cost_nanos), SUM(input_tokens) FROM token_usage GROUP BY 1 ORDER BY 1"));
    // the same indexes (the deferred ones rebuilt as the migrations define them), schema history, WAL
    String schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name";
    assertThat(rows(bulk, schema)).isEqualTo(rows(usual, schema));
    assertThat(rows(bulk, "SELECT name FROM sqlite_master WHERE type = 'index'")).contains(List.of("idx_usage_pr"),
        List.of("idx_usage_time"), List.of("idx_daily_pr_work"));
    String history = "SELECT version, checksum, success FROM flyway_schema_history ORDER BY installed_rank";
    assertThat(rows(bulk, history)).isNotEmpty().isEqualTo(rows(usual, history));
    assertThat(rows(bulk, "PRAGMA journal_mode")).containsExactly(List.of("wal"));
    assertThat(rows(bulk, "PRAGMA integrity_check")).containsExactly(List.of("ok"));
    // every PR's threshold crossings, as the record-by-record checks find them
    String crossings = "SELECT repository, pr_number, level, threshold_nanos FROM threshold_crossings ORDER BY 1, 2, 3";
    assertThat(rows(bulk, crossings)).hasSizeGreaterThan(2).isEqualTo(rows(usual, crossings));
    // no scratch file left beside the database
    try (Stream<Path> files = Files.list(bulk.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(SqliteBulkLoad.SCRATCH_INFIX));
    }
  }

  @Test
  void aReRunAfterABulkImportReadsNothingAndNewLinesGoInTheUsualWay() throws Exception {
    Path db = tmp.resolve("costs.db");
    Path copy = tmp.resolve("claude");
    copyTree(logs, copy);
    CliRun first = importInto(db, copy);
    assertThat(first.exit()).as(first.err()).isZero();
    long dbModified = Files.getLastModifiedTime(db).toMillis();

    CliRun again = importInto(db, copy);
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(JSON.readTree(again.out()).get("files_read").asLong()).isZero();
    assertThat(JSON.readTree(again.out()).get("records_new").asLong()).isZero();
    assertThat(Files.getLastModifiedTime(db).toMillis()).isEqualTo(dbModified); // not even opened

    // a new response appended to one log: the third run stores exactly it, rollup kept in step
    Path someLog;
    try (Stream<Path> files = Files.walk(copy)) {
      someLog = files.filter(p -> p.toString().endsWith(".jsonl")).sorted().findFirst().orElseThrow();
    }
    String last = Files.readAllLines(someLog, StandardCharsets.UTF_8).stream()
        .filter(l -> l.contains("\"usage\"")).reduce((a, c) -> c).orElseThrow();
    String appended = last.replaceAll("\"id\":\"msg_[^\"]+\"", "\"id\":\"msg_appended_1\"")
        .replaceAll("\"requestId\":\"req_[^\"]+\"", "\"requestId\":\"req_appended_1\"");
    assertThat(appended).contains("msg_appended_1").contains("req_appended_1");
    Files.writeString(someLog, appended + "\n", java.nio.file.StandardOpenOption.APPEND);

    CliRun third = importInto(db, copy);
    assertThat(third.exit()).as(third.err()).isZero();
    assertThat(JSON.readTree(third.out()).get("records_new").asLong()).isEqualTo(1);
    assertThat(rows(db, "SELECT COUNT(*) FROM token_usage WHERE id = 'msg_appended_1'")).containsExactly(List.of(1));
    assertThat(rows(db, "SELECT usage_day, SUM(records), SUM(cost_nanos), SUM(output_tokens) FROM usage_daily GROUP BY 1 ORDER BY 1"))
        .isEqualTo(rows(db, "SELECT usage_day, COUNT(*), SUM(cost_nanos), SUM(output_tokens) FROM token_usage GROUP BY 1 ORDER BY 1"));
  }

  @Test
  void aFirstImportThatFindsNoRecordLeavesNoDatabase() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty/projects/-home-dev-code-x"));
    Files.writeString(empty.resolve("s.jsonl"), "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"hi\"}}\n");
    Path db = tmp.resolve("costs.db");

    CliRun run = importInto(db, tmp.resolve("empty"));

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(JSON.readTree(run.out()).get("files_read").asLong()).isEqualTo(1);
    assertThat(Files.exists(db)).isFalse(); // the schema was made in the background, then dropped
    assertThat(scratchFiles()).isEmpty();
  }

  @Test
  void aBulkLoadClosedBeforeItIsFinishedLeavesNoTargetAndNoScratchFile() throws Exception {
    Path db = tmp.resolve("costs.db");
    JdbcStore store = JdbcStore.openForFirstLoad(StoreLocation.sqlite(db));
    assertThat(store.bulkLoading()).isTrue();
    assertThat(store.insert(List.of(
        Records.usage("m1", "acme/a", 1L, "rex", "code", 1, "claude-sonnet-4-5", 10, 5, 1_000, "2026-09-01T10:00:00Z"),
        Records.usage("m2", "acme/a", 1L, "rex", "code", 1, "claude-sonnet-4-5", 10, 5, 2_000, "2026-09-01T11:00:00Z"))))
        .containsExactlyInAnyOrder("m1", "m2");
    assertThat(Files.exists(db)).isFalse(); // the records are in the scratch file, the target not made
    assertThat(scratchFiles()).hasSize(1);

    store.close(); // an import that failed or was stopped
    assertThat(Files.exists(db)).isFalse();
    assertThat(scratchFiles()).isEmpty();
  }

  @Test
  void aKilledBulkImportLeavesNoTargetAndTheNextRunRemovesItsScratchFileAndImportsEverything() throws Exception {
    Path db = tmp.resolve("costs.db");
    Path big = tmp.resolve("big");
    LogGenerator.generate(big, "--usage-lines", "60000", "--lines-per-file", "500", "--days", "10", "--seed", "5");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "costs", "import", "claude-code", big.toString(), "--db", db.toString(), "--settle", "0", "--quiet"));
    Process importer = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("killed.txt").toFile()).start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      // killed (SIGKILL: no shutdown hook runs) as soon as it has written into its scratch file
      while (!hasLoadedScratch() && importer.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(hasLoadedScratch()).as("the import wrote into a scratch file before it ended").isTrue();
      importer.destroyForcibly();
      assertThat(importer.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      importer.destroyForcibly();
    }
    assertThat(Files.exists(db)).as("no half-made database").isFalse();
    assertThat(scratchFiles()).hasSize(1); // what a crash leaves

    CliRun rerun = importInto(db, big);
    assertThat(rerun.exit()).as(rerun.err()).isZero();
    assertThat(scratchFiles()).isEmpty(); // the dead process's file was removed
    long stored = JSON.readTree(rerun.out()).get("records_new").asLong();
    assertThat(rows(db, "SELECT COUNT(*) FROM token_usage")).containsExactly(List.of((int) stored));
    assertThat(stored).isGreaterThan(20_000);
  }

  @Test
  void aScratchFileOfARunningProcessIsLeftAlone() throws Exception {
    Path db = tmp.resolve("costs.db");
    Process other = new ProcessBuilder("sleep", "60").start();
    try {
      Path theirs = Files.writeString(tmp.resolve("costs.db" + SqliteBulkLoad.SCRATCH_INFIX + other.pid()), "loading");
      try (JdbcStore store = JdbcStore.openForFirstLoad(StoreLocation.sqlite(db))) {
        store.insert(List.of(Records.usage("m1", "acme/a", 1L, "rex", "code", 1, "m", 1, 1, 1, "2026-09-01T10:00:00Z")));
        store.finishBulkLoad();
        assertThat(store.totals(UsageFilter.ALL).records()).isEqualTo(1);
      }
      assertThat(theirs).exists(); // another import into the same place, still loading
      assertThat(Files.exists(db)).isTrue();
    } finally {
      other.destroyForcibly();
      other.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aDatabaseCreatedByAnotherProcessDuringTheLoadIsNeverReplaced() throws Exception {
    Path db = tmp.resolve("costs.db");
    JdbcStore bulk = JdbcStore.openForFirstLoad(StoreLocation.sqlite(db));
    bulk.insert(List.of(Records.usage("bulk-1", "acme/a", 1L, "rex", "code", 1, "m", 1, 1, 1, "2026-09-01T10:00:00Z")));
    try (JdbcStore meanwhile = JdbcStore.openSqlite(db)) { // say, costs serve started on the same path
      meanwhile.insert(List.of(Records.usage("other-1", "acme/a", 1L, "rex", "code", 1, "m", 1, 1, 7, "2026-09-01T10:00:00Z")));
    }

    assertThatThrownBy(bulk::finishBulkLoad).isInstanceOf(StoreException.class)
        .hasMessageContaining("was created by another process during this first import")
        .hasMessageContaining("run the import again");
    bulk.close();

    assertThat(rows(db, "SELECT id, cost_nanos FROM token_usage")).containsExactly(List.of("other-1", 7));
    assertThat(scratchFiles()).isEmpty();
  }

  private boolean hasLoadedScratch() throws Exception {
    for (Path p : scratchFiles()) {
      try {
        if (Files.size(p) > (4L << 20)) { // past the empty schema: records are going in
          return true;
        }
      } catch (java.nio.file.NoSuchFileException gone) {
        // finished meanwhile
      }
    }
    return false;
  }

  private List<Path> scratchFiles() throws Exception {
    try (Stream<Path> files = Files.list(tmp)) {
      return files.filter(p -> p.getFileName().toString().contains(SqliteBulkLoad.SCRATCH_INFIX)).toList();
    }
  }

  private CliRun importInto(Path db) {
    return importInto(db, logs);
  }

  private CliRun importInto(Path db, Path from) {
    return cli("costs", "import", "claude-code", from.toString(), "--db", db.toString(), "--settle", "0",
        "--config", config.toString(), "--json");
  }

  /** Every row of a query (columns named in {@code skip} left out), values as JDBC returns them. */
  private static List<List<Object>> rows(Path db, String sql, String... skip) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      List<List<Object>> out = new ArrayList<>();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          if (!List.of(skip).contains(meta.getColumnName(i))) {
            row.add(rs.getObject(i));
          }
        }
        out.add(row);
      }
      return out;
    }
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

}
