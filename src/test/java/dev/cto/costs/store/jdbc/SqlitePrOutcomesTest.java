package dev.cto.costs.store.jdbc;

import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.io.TempDir;

class SqlitePrOutcomesTest extends PrOutcomesContract<JdbcStore> {

  @TempDir Path dir;

  @Override
  protected JdbcStore newEmptyStore() {
    return JdbcStore.openSqlite(dir.resolve("costs.db"));
  }

  @Override
  protected void refuseOutcomeInTheDatabase(long prNumber) throws Exception {
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("costs.db"))) {
      c.createStatement().execute("CREATE TRIGGER refuse_pr BEFORE INSERT ON pr_outcomes WHEN NEW.pr_number = "
          + prNumber + " BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END");
    }
  }
}
