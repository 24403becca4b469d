package dev.cto.costs.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresPrOutcomesTest extends PrOutcomesContract<JdbcStore> {

  static EmbeddedPostgres postgres;
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
    database = "outcomes_" + (++databases);
    try (Connection c = postgres.getPostgresDatabase().getConnection()) {
      c.createStatement().execute("CREATE DATABASE " + database);
    }
    return JdbcStore.openPostgres(postgres.getJdbcUrl("postgres", database), "postgres", null);
  }

  @Override
  protected void refuseOutcomeInTheDatabase(long prNumber) throws Exception {
    try (Connection c = postgres.getDatabase("postgres", database).getConnection()) {
      c.createStatement().execute("ALTER TABLE pr_outcomes ADD CONSTRAINT refuse_pr CHECK (pr_number <> " + prNumber + ")");
    }
  }
}
