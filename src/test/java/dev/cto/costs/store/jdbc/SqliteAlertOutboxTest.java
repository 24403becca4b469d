package dev.cto.costs.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteAlertOutboxTest extends AlertOutboxContract<JdbcStore> {

  @TempDir Path dir;

  @Override
  protected JdbcStore anotherStoreOnTheSameDatabase() {
    return JdbcStore.open(store.location());
  }

  @Override
  protected JdbcStore newEmptyStore() {
    return JdbcStore.openSqlite(dir.resolve("costs.db"));
  }

  /** Upgrading must not re-announce crossings the previous version already announced. */
  @Test
  void crossingsRecordedBeforeTheOutboxExistedAreNotAlertedAgain() throws Exception {
    Path old = dir.resolve("v1.db");
    String url = "jdbc:sqlite:" + old;
    Flyway.configure().dataSource(url, null, null).locations(SchemaMigrator.LOCATION).target("1").load().migrate();
    try (Connection c = DriverManager.getConnection(url)) {
      c.createStatement().executeUpdate("INSERT INTO threshold_crossings (repository, pr_number, level, threshold_nanos,"
          + " total_nanos, crossed_at) VALUES ('o/r', 5, 'warning', 1000000000, 1200000000, 0)");
    }

    try (JdbcStore upgraded = JdbcStore.openSqlite(old)) {
      assertThat(upgraded.ranMigrations()).isTrue();
      assertThat(upgraded.fanOut(List.of("webhook:ops"), Instant.now())).isZero();
      assertThat(upgraded.crossings("o/r", 5)).hasSize(1);
    }
  }
}
