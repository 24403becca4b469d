package dev.cto.costs.collect;

import dev.cto.costs.store.jdbc.JdbcStore;
import dev.cto.costs.store.jdbc.PostgresDatabases;
import java.sql.Connection;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresWriterIsolationTest extends WriterIsolationContract<JdbcStore> {

  @RegisterExtension static final PostgresDatabases postgres = new PostgresDatabases();
  private String database;

  @Override
  protected JdbcStore newEmptyStore() throws Exception {
    database = postgres.createDatabase("isolation");
    return postgres.openStore(database);
  }

  /** A CHECK constraint: PostgreSQL refuses the row with SQLSTATE 23514, as it does a NUL or a value too long. */
  @Override
  protected void refuseTheAgentInTheDatabase() throws Exception {
    try (Connection c = postgres.connect(database)) {
      c.createStatement().execute("ALTER TABLE token_usage ADD CONSTRAINT refuse_agent CHECK (agent <> '"
          + REFUSED_AGENT + "')");
    }
  }
}
