package dev.cto.costs.analytics;

import dev.cto.costs.store.jdbc.JdbcStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteEfficiencyOracleTest extends EfficiencyOracleContract<JdbcStore> {

  @TempDir Path dir;

  @Override
  protected JdbcStore newEmptyStore() {
    return JdbcStore.openSqlite(dir.resolve("costs.db"));
  }
}
