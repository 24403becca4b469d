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

class SqliteUsageStoreTest extends UsageStoreContract {

  @TempDir Path dir;

  @Override
  protected JdbcStore newEmptyStore() {
    return JdbcStore.openSqlite(dir.resolve("nested/dir/costs.db"));
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
  void latestVersionConstantMatchesTheShippedMigrations() throws Exception {
    try (var files = Files.list(Path.of("src/main/resources/db/migration/common"))) {
      int newest = files.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("V\\d+__.*\\.sql"))
          .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
          .max().orElseThrow();
      assertThat(SchemaMigrator.LATEST_VERSION).isEqualTo(newest);
    }
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
