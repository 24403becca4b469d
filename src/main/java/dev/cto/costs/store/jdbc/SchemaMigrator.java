package dev.cto.costs.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.flywaydb.core.Flyway;

/**
 * Brings the schema up to date, paying for Flyway (about half a second of class loading and
 * checks) only when the database is new or behind: an up-to-date database costs one query.
 */
final class SchemaMigrator {

  /**
   * Every migration shipped in {@code db/migration/common} and, per backend, {@code
   * db/migration/sqlite} or {@code db/migration/postgresql} (each backend has every version; a
   * version that only one backend needs is a no-op in the other's folder); a test keeps this in sync. A set, not
   * a maximum: migrations were developed on branches and V8 reached main before V5 and V7, so a
   * database can hold a higher version while missing a lower one.
   */
  static final Set<Integer> SHIPPED_VERSIONS = Set.of(1, 2, 3, 4, 5, 7, 8, 9, 10, 12);

  static final String LOCATION = "classpath:db/migration/common";

  /** The migrations of one backend only: V12 partitions token_usage on PostgreSQL. */
  static String vendorLocation(boolean sqlite) {
    return "classpath:db/migration/" + (sqlite ? "sqlite" : "postgresql");
  }

  private SchemaMigrator() {}

  /**
   * Runs Flyway on its own connection; the caller must not hold a transaction open on the same
   * SQLite file meanwhile.
   */
  static void migrate(StoreLocation location) {
    String url = location.isSqlite() ? "jdbc:sqlite:" + location.sqliteFile() : location.jdbcUrl();
    Flyway.configure()
        .dataSource(url, location.user(), location.password())
        .locations(LOCATION, vendorLocation(location.isSqlite()))
        .failOnMissingLocations(true)
        .outOfOrder(true) // applies a lower version that arrived after a higher one (see SHIPPED_VERSIONS)
        .load()
        .migrate();
  }

  /** Whether every shipped migration is applied, so opening the store can skip Flyway. */
  static boolean isUpToDate(Connection connection) throws SQLException {
    return appliedVersions(connection).containsAll(SHIPPED_VERSIONS);
  }

  /** The successfully applied versions, empty for a database without our schema. */
  static Set<Integer> appliedVersions(Connection connection) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT version FROM flyway_schema_history WHERE success = "
                    + (isSqlite(connection) ? "1" : "TRUE"))) {
      Set<Integer> applied = new HashSet<>();
      while (rs.next()) {
        String version = rs.getString(1);
        if (version != null && version.matches("\\d+")) {
          applied.add(Integer.parseInt(version));
        }
      }
      return applied;
    } catch (SQLException noHistoryTable) {
      if (!autoCommit) {
        connection.rollback(); // PostgreSQL aborts the transaction on the failed statement
      }
      return Set.of();
    }
  }

  private static boolean isSqlite(Connection connection) throws SQLException {
    return connection.getMetaData().getURL().startsWith("jdbc:sqlite:");
  }
}
