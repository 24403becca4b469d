package dev.cto.costs.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** PostgreSQL through a small HikariCP pool: several collector replicas share one database. */
final class PostgresConnections implements Connections {

  private final HikariDataSource pool;

  PostgresConnections(StoreLocation location) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(location.jdbcUrl());
    if (location.user() != null) {
      config.setUsername(location.user());
    }
    if (location.password() != null) {
      config.setPassword(location.password());
    }
    config.setPoolName("cto-costs");
    config.setMaximumPoolSize(8);
    config.setMinimumIdle(1);
    // an unreachable server is an answer within 3 s all told, not after 10 (and for the collector a
    // fault the breaker then answers at once): socket connect, login and the wait for a pooled
    // connection each give up after 2 s
    config.setConnectionTimeout(2_000);
    config.addDataSourceProperty("connectTimeout", "2");
    config.addDataSourceProperty("loginTimeout", "2");
    config.setInitializationFailTimeout(-1); // start even when the database is down; fail per call
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    config.addDataSourceProperty("ApplicationName", "cto-costs");
    this.pool = new HikariDataSource(config);
  }

  @Override
  public Connection writer() throws SQLException {
    return pool.getConnection();
  }

  @Override
  public Connection reader() throws SQLException {
    return pool.getConnection();
  }

  /**
   * The transaction snapshot (oldest running id, next id, ids in flight), hashed: a commit that wrote
   * anything removes its id from the ids in flight, so the snapshot after it differs; an id given out
   * but not yet committed stays in the list, so the marker cannot move before the data does. A
   * read-only transaction takes no id. Any write to the cluster moves it, which only costs a refresh.
   */
  @Override
  public long changeMarker() throws SQLException {
    try (Connection c = pool.getConnection(); java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery("SELECT txid_current_snapshot()::text")) {
      rs.next();
      return fnv64(rs.getString(1));
    }
  }

  private static long fnv64(String text) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      hash = (hash ^ text.charAt(i)) * 0x100000001b3L;
    }
    return hash;
  }

  @Override
  public void release(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // returning to the pool; Hikari evicts broken connections itself
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
