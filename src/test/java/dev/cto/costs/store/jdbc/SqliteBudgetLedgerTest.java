package dev.cto.costs.store.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteBudgetLedgerTest extends BudgetLedgerContract<JdbcStore> {

  @TempDir Path dir;

  @Override
  protected JdbcStore newEmptyStore() {
    return JdbcStore.openSqlite(dir.resolve("costs.db"));
  }
}
