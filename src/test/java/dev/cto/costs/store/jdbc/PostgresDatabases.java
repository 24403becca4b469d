package dev.cto.costs.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An embedded PostgreSQL for one test class, started before its first test and stopped after its
 * last, and fresh databases in it, so each test's store migrates its own schema as in production.
 * Shared by the PostgreSQL halves of the store contracts, which each had a copy of this. Register
 * it on a static field:
 * {@code @RegisterExtension static final PostgresDatabases postgres = new PostgresDatabases();}
 */
public final class PostgresDatabases implements BeforeAllCallback, AfterAllCallback {

  private EmbeddedPostgres postgres;
  private int created;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    postgres = EmbeddedPostgres.builder().start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    postgres.close();
  }

  /** Creates an empty database named {@code prefix_N}, N counting the class's databases from 1; returns its name. */
  public String createDatabase(String prefix) throws SQLException {
    String name = prefix + "_" + (++created);
    try (Connection c = postgres.getPostgresDatabase().getConnection()) {
      c.createStatement().execute("CREATE DATABASE " + name);
    }
    return name;
  }

  /** A store on {@code database}, opened as the owner; it migrates the schema itself. */
  public JdbcStore openStore(String database) {
    return JdbcStore.openPostgres(jdbcUrl(database), "postgres", null);
  }

  /** A store on a database of its own (see {@link #createDatabase}). */
  public JdbcStore openNewStore(String prefix) throws SQLException {
    return openStore(createDatabase(prefix));
  }

  public String jdbcUrl(String database) {
    return postgres.getJdbcUrl("postgres", database);
  }

  /** A connection to {@code database} as the owner, for a test to change what a store sees. */
  public Connection connect(String database) throws SQLException {
    return postgres.getDatabase("postgres", database).getConnection();
  }
}
