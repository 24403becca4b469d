package dev.cto.costs.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/**
 * Brings the schema up to date, paying for Flyway (about half a second of class loading and
 * checks) only when the database is new or behind: an up-to-date database costs one query.
 */
final class SchemaMigrator {

  /** The newest migration shipped in {@code db/migration/common}; a test keeps this in sync. */
  static final int LATEST_VERSION = 8;

  static final String LOCATION = "classpath:db/migration/common";

  private SchemaMigrator() {}

  /**
   * Runs Flyway on its own connection; the caller must not hold a transaction open on the same
   * SQLite file meanwhile.
   */
  static void migrate(StoreLocation location) {
    String url = location.isSqlite() ? "jdbc:sqlite:" + location.sqliteFile() : location.jdbcUrl();
    Flyway.configure()
        .dataSource(url, location.user(), location.password())
        .locations(LOCATION)
        .failOnMissingLocations(true)
        .load()
        .migrate();
  }

  /** The highest successfully applied version, or 0 for a database without our schema. */
  static int installedVersion(Connection connection) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT version FROM flyway_schema_history WHERE success = "
                    + (isSqlite(connection) ? "1" : "TRUE"))) {
      int max = 0;
      while (rs.next()) {
        String version = rs.getString(1);
        if (version != null && version.matches("\\d+")) {
          max = Math.max(max, Integer.parseInt(version));
        }
      }
      return max;
    } catch (SQLException noHistoryTable) {
      if (!autoCommit) {
        connection.rollback(); // PostgreSQL aborts the transaction on the failed statement
      }
      return 0;
    }
  }

  private static boolean isSqlite(Connection connection) throws SQLException {
    return connection.getMetaData().getURL().startsWith("jdbc:sqlite:");
  }
}
