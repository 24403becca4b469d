package dev.cto.costs.analytics;

import dev.cto.costs.store.jdbc.JdbcStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresEfficiencyOracleTest extends EfficiencyOracleContract<JdbcStore> {

  static EmbeddedPostgres postgres;
  private static int databases;

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
    String database = "efficiency_" + (++databases);
    try (Connection c = postgres.getPostgresDatabase().getConnection()) {
      c.createStatement().execute("CREATE DATABASE " + database);
    }
    return JdbcStore.openPostgres(postgres.getJdbcUrl("postgres", database), "postgres", null);
  }
}
