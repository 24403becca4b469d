package dev.cto.costs.store.jdbc;

import java.sql.Connection;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresPrOutcomesTest extends PrOutcomesContract<JdbcStore> {

  @RegisterExtension static final PostgresDatabases postgres = new PostgresDatabases();
  private String database;

  @Override
  protected JdbcStore newEmptyStore() throws Exception {
    database = postgres.createDatabase("outcomes");
    return postgres.openStore(database);
  }

  @Override
  protected void refuseOutcomeInTheDatabase(long prNumber) throws Exception {
    try (Connection c = postgres.connect(database)) {
      c.createStatement().execute("ALTER TABLE pr_outcomes ADD CONSTRAINT refuse_pr CHECK (pr_number <> " + prNumber + ")");
    }
  }
}
