package dev.cto.costs.collect;

import dev.cto.costs.store.jdbc.JdbcStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresWriterIsolationTest extends WriterIsolationContract<JdbcStore> {

  private static EmbeddedPostgres postgres;
  private static int databases;
  private String database;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @Override
  protected JdbcStore newEmptyStore() throws Exception {
    database = "isolation_" + (++databases);
    try (Connection c = postgres.getPostgresDatabase().getConnection()) {
      c.createStatement().execute("CREATE DATABASE " + database);
    }
    return JdbcStore.openPostgres(postgres.getJdbcUrl("postgres", database), "postgres", null);
  }

  /** A CHECK constraint: PostgreSQL refuses the row with SQLSTATE 23514, as it does a NUL or a value too long. */
  @Override
  protected void refuseTheAgentInTheDatabase() throws Exception {
    try (Connection c = postgres.getDatabase("postgres", database).getConnection()) {
      c.createStatement().execute("ALTER TABLE token_usage ADD CONSTRAINT refuse_agent CHECK (agent <> '"
          + REFUSED_AGENT + "')");
    }
  }
}
