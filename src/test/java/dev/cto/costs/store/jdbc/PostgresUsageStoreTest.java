package dev.cto.costs.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresUsageStoreTest extends UsageStoreContract<JdbcStore> {

  @RegisterExtension static final PostgresDatabases postgres = new PostgresDatabases();
  private String database;

  /**
   * A database of version 1 may hold a call twice (seen by the proxy and by OTLP): version 2
   * deletes the later copies before it adds the unique index, and rebuilds the rollup. On
   * PostgreSQL the DELETE's correlated subquery and the index are PostgreSQL's own to run.
   */
  @Test
  void upgradingRemovesEarlierCopiesOfARequestAndRebuildsTheRollup() throws Exception {
    String name = postgres.createDatabase("upgrade");
    String url = postgres.jdbcUrl(name);
    org.flywaydb.core.Flyway.configure().dataSource(url, "postgres", null)
        .locations(SchemaMigrator.LOCATION).target("1").load().migrate();
    try (Connection c = postgres.connect(name); var st = c.createStatement()) {
      String cols = "(id, repository, pr_number, agent, stage, iteration, model, input_tokens, output_tokens,"
          + " cache_write_5m_tokens, cache_write_1h_tokens, cache_read_tokens, cost_nanos, priced, request_id,"
          + " occurred_at, usage_day, recorded_at)";
      st.executeUpdate("INSERT INTO token_usage " + cols + " VALUES"
          // one call three times: the first recorded stays; of two recorded at once, the smaller id
          + " ('msg_1', 'o/r', 1, 'rex', 'code', 1, 'm', 100, 10, 0, 0, 0, 500, 1, 'req_1', 1000, 20000, 10),"
          + " ('req_1', 'o/r', 1, 'rex', 'code', 1, 'm', 100, 10, 0, 0, 0, 500, 1, 'req_1', 1000, 20000, 20),"
          + " ('b_copy', 'o/r', 1, 'rex', 'code', 1, 'm', 9, 9, 0, 0, 0, 90, 1, 'req_2', 1500, 20000, 15),"
          + " ('a_copy', 'o/r', 1, 'rex', 'code', 1, 'm', 9, 9, 0, 0, 0, 90, 1, 'req_2', 1500, 20000, 15),"
          + " ('c_copy', 'o/r', 1, 'rex', 'code', 1, 'm', 9, 9, 0, 0, 0, 90, 1, 'req_1', 1500, 20000, 30),"
          + " ('msg_2', 'o/r', 1, 'rex', 'code', 1, 'm', 7, 3, 0, 0, 0, 70, 1, NULL, 2000, 20000, 30),"
          + " ('msg_3', 'o/r', 1, 'rex', 'code', 1, 'm', 7, 3, 0, 0, 0, 70, 1, NULL, 2000, 20000, 30)");
      st.executeUpdate("INSERT INTO usage_daily VALUES (20000, 'o/r', 1, 'rex', 'code', 'm', '', 1, 1, 7, 241, 47,"
          + " 0, 0, 0, 1410, 1000, 2000)");
    }

    try (JdbcStore upgraded = JdbcStore.openPostgres(url, "postgres", null)) {
      assertThat(upgraded.ranMigrations()).isTrue();
      var pr = dev.cto.costs.store.UsageFilter.pr("o/r", 1);
      assertThat(upgraded.totals(pr).records()).isEqualTo(4);
      assertThat(upgraded.totals(pr).cost().nanos()).isEqualTo(500 + 90 + 70 + 70);
      // whole days are answered from the rollup: it was rebuilt without the removed copies
      var all = upgraded.totals(dev.cto.costs.store.UsageFilter.ALL);
      assertThat(all.records()).isEqualTo(4);
      assertThat(all.cost().nanos()).isEqualTo(730);
      assertThat(all.tokens().input()).isEqualTo(100 + 9 + 7 + 7);
      // the index now makes a new copy of a stored request a duplicate
      assertThat(upgraded.insert(List.of(Records.withRequestId(
          Records.usage("late_copy", "o/r", 1L, "rex", "code", 1, "m", 1, 1, 1, "2026-03-01T10:00:00Z"), "req_2"))))
          .isEmpty();
    }
    try (Connection c = postgres.connect(name);
        ResultSet rs = c.createStatement().executeQuery("SELECT id FROM token_usage ORDER BY id")) {
      List<String> ids = new ArrayList<>();
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
      assertThat(ids).containsExactly("a_copy", "msg_1", "msg_2", "msg_3");
    }
  }

  /** A fresh database per test: the schema is migrated by the store itself, as in production. */
  @Override
  protected JdbcStore newEmptyStore() throws Exception {
    database = postgres.createDatabase("contract");
    return postgres.openStore(database);
  }

  @Override
  protected JdbcStore openReplica() {
    return postgres.openStore(database);
  }

  @Override
  protected void refuseInTheDatabase(String id) throws Exception {
    try (Connection c = postgres.connect(database)) {
      c.createStatement().execute("ALTER TABLE token_usage ADD CONSTRAINT refuse_id CHECK (id <> '" + id + "')");
    }
  }
}
