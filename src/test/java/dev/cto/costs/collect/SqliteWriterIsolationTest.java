package dev.cto.costs.collect;

import dev.cto.costs.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.io.TempDir;

class SqliteWriterIsolationTest extends WriterIsolationContract<JdbcStore> {

  @TempDir Path dir;

  @Override
  protected JdbcStore newEmptyStore() {
    return JdbcStore.openSqlite(dir.resolve("costs.db"));
  }

  /** SQLite cannot add a CHECK to a table: a trigger that aborts does the same (SQLITE_CONSTRAINT). */
  @Override
  protected void refuseTheAgentInTheDatabase() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("costs.db"))) {
      c.createStatement().execute("CREATE TRIGGER refuse_agent BEFORE INSERT ON token_usage WHEN NEW.agent = '"
          + REFUSED_AGENT + "' BEGIN SELECT RAISE(ABORT, 'agent refused by a test constraint'); END");
    }
  }
}
