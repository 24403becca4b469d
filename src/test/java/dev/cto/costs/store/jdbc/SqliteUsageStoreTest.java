package dev.cto.costs.store.jdbc;

import static dev.cto.costs.store.jdbc.Records.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cto.costs.store.StoreException;
import dev.cto.costs.store.UsageFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteUsageStoreTest extends UsageStoreContract<JdbcStore> {

  @TempDir Path dir;

  @Override
  protected JdbcStore newEmptyStore() {
    return JdbcStore.openSqlite(dir.resolve("nested/dir/costs.db"));
  }

  @Override
  protected JdbcStore openReplica() {
    return JdbcStore.openSqlite(dir.resolve("nested/dir/costs.db"));
  }

  @Override
  protected void refuseInTheDatabase(String id) throws Exception {
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("nested/dir/costs.db"))) {
      c.createStatement().execute("CREATE TRIGGER refuse_id BEFORE INSERT ON token_usage WHEN NEW.id = '" + id
          + "' BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END");
    }
  }

  @Test
  void dataSurvivesReopeningAndTheSecondOpenSkipsMigrations() {
    assertThat(store.ranMigrations()).isTrue();
    store.insert(List.of(usage("a", "o/r", 1L, "rex", "code", 1, "m", 1, 2, 3, "2026-03-01T10:00:00Z")));
    store.close();

    store = JdbcStore.openSqlite(dir.resolve("nested/dir/costs.db"));

    assertThat(store.ranMigrations()).isFalse();
    assertThat(store.totals(UsageFilter.ALL).records()).isEqualTo(1);
  }

  /** Rows stored before the record rules existed stay readable: acknowledged data is never lost. */
  @Test
  void aRowStoredBeforeTheRecordRulesIsReadWithItsStringsRepaired() throws Exception {
    store.insert(List.of(usage("a", "o/r", 1L, "rex", "code", 1, "m", 1, 2, 3, "2026-03-01T10:00:00Z")));
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("nested/dir/costs.db"))) {
      c.createStatement().execute("UPDATE token_usage SET agent = 'r' || char(27) || '[2J', repository = 'not a repo', "
          + "model = '" + "m".repeat(300) + "' WHERE id = 'a'");
    }
    List<dev.cto.costs.domain.PricedUsage> read = new java.util.ArrayList<>();
    store.forEachRecord(UsageFilter.ALL, read::add);
    assertThat(read).hasSize(1);
    assertThat(read.get(0).attribution().agent()).isEqualTo("r\\x1B[2J");
    assertThat(read.get(0).attribution().repository()).isNull();
    assertThat(read.get(0).record().model()).hasSize(200).endsWith("…").startsWith("mmm");
    assertThat(read.get(0).record().tokens().input()).isEqualTo(1);
    assertThat(read.get(0).cost()).isEqualTo(store.totals(UsageFilter.ALL).cost());
  }

  @Test
  void runsInWalModeWithFullSync() throws Exception {
    store.insert(List.of(usage("a", "o/r", 1L, "rex", "code", 1, "m", 1, 2, 3, "2026-03-01T10:00:00Z")));
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("nested/dir/costs.db"));
        ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
      assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
    }
    assertThat(Files.exists(dir.resolve("nested/dir/costs.db-wal"))).isTrue();
  }

  @Test
  void shippedVersionsMatchTheMigrationFiles() throws Exception {
    // each backend runs the common folder and its own: both must hold every shipped version
    for (String vendor : List.of("sqlite", "postgresql")) {
      java.util.Set<Integer> shipped = new java.util.HashSet<>(versionsIn("common"));
      shipped.addAll(versionsIn(vendor));
      assertThat(shipped).as(vendor).isEqualTo(SchemaMigrator.SHIPPED_VERSIONS);
    }
  }

  private static java.util.Set<Integer> versionsIn(String folder) throws Exception {
    try (var files = Files.list(Path.of("src/main/resources/db/migration", folder))) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("V\\d+__.*\\.sql"))
          .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
          .collect(java.util.stream.Collectors.toSet());
    }
  }

  /**
   * V8 reached main before V5 and V7: a database migrated then holds version 8 without 5 and 7.
   * Opening it must apply the two it lacks, not take the highest version for the whole schema.
   */
  @Test
  void aDatabaseThatGotAHigherMigrationFirstStillGetsTheLowerOnes() throws Exception {
    Path early = Files.createDirectories(dir.resolve("early-main"));
    try (var files = Files.list(Path.of("src/main/resources/db/migration/common"))) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.matches("V[12348]__.*")) { // main's migrations when V8 had landed and V5, V7 had not
          Files.copy(file, early.resolve(name));
        }
      }
    }
    Path db = dir.resolve("early.db");
    org.flywaydb.core.Flyway.configure().dataSource("jdbc:sqlite:" + db, null, null)
        .locations("filesystem:" + early).load().migrate();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      assertThat(SchemaMigrator.appliedVersions(c)).containsExactlyInAnyOrder(1, 2, 3, 4, 8);
    }

    try (JdbcStore upgraded = JdbcStore.openSqlite(db)) {
      assertThat(upgraded.ranMigrations()).isTrue();
      upgraded.insert(List.of(usage("a", "o/r", 1L, "rex", "code", 1, "m", 1, 2, 3, "2026-03-01T10:00:00Z")));
    }
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      assertThat(SchemaMigrator.appliedVersions(c)).isEqualTo(SchemaMigrator.SHIPPED_VERSIONS);
      try (ResultSet rs = c.createStatement().executeQuery(
          "SELECT count(*) FROM pragma_table_info('token_usage') WHERE name = 'cache_savings_nanos'")) {
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
      try (ResultSet rs = c.createStatement().executeQuery(
          "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'idx_daily_day_cost'")) {
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
    try (JdbcStore again = JdbcStore.openSqlite(db)) {
      assertThat(again.ranMigrations()).isFalse();
      assertThat(again.totals(UsageFilter.ALL).records()).isEqualTo(1);
    }
  }

  /**
   * A forecast sums a year of days on every call: the sums must come from the (usage_day,
   * cost_nanos) index alone. Through the rollup's rows, 10M records took 2.5× the forecast's budget.
   */
  @Test
  void dailyCostOfWholeDaysReadsOnlyTheDayCostIndex() throws Exception {
    store.insert(List.of(usage("a", "o/r", 1L, "rex", "code", 1, "m", 1, 2, 3, "2026-03-01T10:00:00Z")));
    List<Object> params = new java.util.ArrayList<>();
    String sql = DailyCostQuery.sql(UsageFilter.period(java.time.Instant.parse("2025-02-01T00:00:00Z"),
        java.time.Instant.parse("2026-03-02T00:00:00Z")), params);
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("nested/dir/costs.db"));
        var ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      StringBuilder plan = new StringBuilder();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString("detail")).append('\n');
        }
      }
      assertThat(plan.toString()).contains("USING COVERING INDEX idx_daily_day_cost");
    }
  }

  /**
   * The anomaly report reads four months of (PR, agent) sums on every call: from its index alone.
   * Through the rollup's rows it took more than twice as long at 10M records. (With {@code --agent}
   * SQLite takes the agent's rows through {@code idx_daily_agent} instead: a sixth of them there.)
   */
  @Test
  void prAgentWorkOfWholeDaysReadsOnlyThePrWorkIndex() throws Exception {
    store.insert(List.of(usage("a", "o/r", 1L, "rex", "code", 1, "m", 1, 2, 3, "2026-03-01T10:00:00Z")));
    List<Object> params = new java.util.ArrayList<>();
    String sql = PrAgentWorkQuery.sql(UsageFilter.period(java.time.Instant.parse("2025-11-01T00:00:00Z"),
        java.time.Instant.parse("2026-03-02T00:00:00Z")), params);
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("nested/dir/costs.db"));
        var ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      StringBuilder plan = new StringBuilder();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString("detail")).append('\n');
        }
      }
      assertThat(plan.toString()).contains("USING COVERING INDEX idx_daily_pr_work");
    }
  }

  /** A database of version 1 may hold a call twice (seen by the proxy and by OTLP): version 2 keeps one. */
  @Test
  void upgradingRemovesEarlierCopiesOfARequestAndRebuildsTheRollup() throws Exception {
    store.close();
    Path old = dir.resolve("v1.db");
    org.flywaydb.core.Flyway.configure().dataSource("jdbc:sqlite:" + old, null, null)
        .locations(SchemaMigrator.LOCATION).target("1").load().migrate();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + old); var st = c.createStatement()) {
      String cols = "(id, repository, pr_number, agent, stage, iteration, model, input_tokens, output_tokens,"
          + " cache_write_5m_tokens, cache_write_1h_tokens, cache_read_tokens, cost_nanos, priced, request_id,"
          + " occurred_at, usage_day, recorded_at)";
      st.executeUpdate("INSERT INTO token_usage " + cols + " VALUES"
          + " ('msg_1', 'o/r', 1, 'rex', 'code', 1, 'm', 100, 10, 0, 0, 0, 500, 1, 'req_1', 1000, 20000, 10),"
          + " ('req_1', 'o/r', 1, 'rex', 'code', 1, 'm', 100, 10, 0, 0, 0, 500, 1, 'req_1', 1000, 20000, 20),"
          + " ('msg_2', 'o/r', 1, 'rex', 'code', 1, 'm', 7, 3, 0, 0, 0, 70, 1, NULL, 2000, 20000, 30),"
          + " ('msg_3', 'o/r', 1, 'rex', 'code', 1, 'm', 7, 3, 0, 0, 0, 70, 1, NULL, 2000, 20000, 30)");
      st.executeUpdate("INSERT INTO usage_daily VALUES (20000, 'o/r', 1, 'rex', 'code', 'm', '', 1, 1, 4, 214, 26,"
          + " 0, 0, 0, 1140, 1000, 2000)");
    }

    store = JdbcStore.openSqlite(old);

    var pr = UsageFilter.pr("o/r", 1);
    assertThat(store.totals(pr).records()).isEqualTo(3);
    assertThat(store.totals(pr).cost().nanos()).isEqualTo(500 + 70 + 70);
    assertThat(store.aggregate(pr, dev.cto.costs.store.Dimension.AGENT).get(0).cost().nanos()).isEqualTo(640);
    // whole days are answered from the rollup: it was rebuilt without the removed copy
    assertThat(store.totals(UsageFilter.ALL).records()).isEqualTo(3);
    assertThat(store.aggregate(UsageFilter.ALL, dev.cto.costs.store.Dimension.MODEL).get(0).cost().nanos())
        .isEqualTo(640);
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + old);
        ResultSet rs = c.createStatement().executeQuery("SELECT id FROM token_usage WHERE request_id = 'req_1'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("msg_1"); // the first recorded copy stays
      assertThat(rs.next()).isFalse();
    }
  }

  /**
   * Version 5 adds cache savings: records stored before have none, and the store says so (unknown,
   * not zero) until they are filled in; the rollup counts them exactly and follows the fill.
   */
  @Test
  void upgradingToCacheSavingsMarksOldRecordsUnknownUntilFilledIn() throws Exception {
    store.close();
    Path old = dir.resolve("v4.db");
    org.flywaydb.core.Flyway.configure().dataSource("jdbc:sqlite:" + old, null, null)
        .locations(SchemaMigrator.LOCATION).target("4").load().migrate();
    {
      // a V4 store has no savings column: its rows as V4 wrote them
      try (var c = DriverManager.getConnection("jdbc:sqlite:" + old); var st = c.createStatement()) {
        String cols = "(id, repository, pr_number, agent, stage, iteration, model, input_tokens, output_tokens,"
            + " cache_write_5m_tokens, cache_write_1h_tokens, cache_read_tokens, cost_nanos, priced, occurred_at, usage_day, recorded_at)";
        st.executeUpdate("INSERT INTO token_usage " + cols + " VALUES"
            + " ('a', 'o/r', 1, 'rex', 'code', 1, 'm', 100, 10, 0, 0, 5000, 500, 1, 1000, 20000, 10),"
            + " ('b', 'o/r', 1, 'rex', 'code', 1, 'm', 7, 3, 0, 0, 0, 70, 1, 2000, 20000, 30)");
        st.executeUpdate("INSERT INTO usage_daily VALUES (20000, 'o/r', 1, 'rex', 'code', 'm', '', 1, 1, 2, 107, 13,"
            + " 0, 0, 5000, 570, 1000, 2000)");
      }
    }
    store = JdbcStore.openSqlite(old);
    assertThat(store.ranMigrations()).isTrue();
    assertThat(store.unknownCacheSavingsRecords()).isEqualTo(2);
    assertThat(store.totals(UsageFilter.ALL).unknownSavingsRecords()).isEqualTo(2);
    List<dev.cto.costs.domain.PricedUsage> back = new java.util.ArrayList<>();
    store.forEachRecord(UsageFilter.ALL, back::add);
    assertThat(back).extracting(dev.cto.costs.domain.PricedUsage::cacheSavings).containsOnlyNulls();

    List<String> priced = new java.util.ArrayList<>();
    assertThat(store.fillCacheSavings(p -> {
      priced.add(p.id());
      return dev.cto.costs.domain.Usd.ofNanos(13_500);
    })).isEqualTo(2);
    assertThat(priced).containsExactly("a"); // b has no cache reads: zero without asking for a price
    assertThat(store.totals(UsageFilter.ALL).cacheSavings().nanos()).isEqualTo(13_500);
    assertThat(store.totals(UsageFilter.ALL).unknownSavingsRecords()).isZero();
    assertThat(store.totals(UsageFilter.pr("o/r", 1)).cacheSavings().nanos()).isEqualTo(13_500); // the records agree
  }

  @Test
  void anUnopenableFileFailsWithAMessageNamingIt() throws Exception {
    Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
    assertThatThrownBy(() -> JdbcStore.openSqlite(notADir.resolve("costs.db")))
        .hasMessageContaining("plain-file");
  }

  @Test
  void aStoreExceptionNamesTheDatabase() {
    store.close();
    assertThatThrownBy(() -> {
      try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("nested/dir/costs.db"))) {
        c.createStatement().executeUpdate("DROP TABLE usage_daily");
      }
      JdbcStore reopened = JdbcStore.openSqlite(dir.resolve("nested/dir/costs.db"));
      try {
        reopened.totals(UsageFilter.ALL);
      } finally {
        reopened.close();
      }
    }).isInstanceOf(StoreException.class).hasMessageContaining("costs.db").hasMessageContaining("usage_daily");
  }
}
