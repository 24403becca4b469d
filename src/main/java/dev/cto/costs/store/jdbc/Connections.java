package dev.cto.costs.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the store gets connections. SQLite allows one writer at a time, so writes are serialised
 * on one connection; PostgreSQL takes both from a pool.
 */
interface Connections extends AutoCloseable {

  /** A connection for one write transaction; the caller must give it back with {@link #release}. */
  Connection writer() throws SQLException;

  /** A connection for reads; the caller must give it back with {@link #release}. */
  Connection reader() throws SQLException;

  void release(Connection connection);

  /**
   * Why the database the connections were opened on is no longer the one at the configured place
   * (deleted or replaced), or null when it still is. Cheap: called around every transaction.
   */
  default String fileProblem() {
    return null;
  }

  /**
   * A number that changes when any connection, of this process or another, commits a write to the
   * database; the same number while nothing is committed. Cheap: no table is read.
   */
  long changeMarker() throws SQLException;

  @Override
  void close();
}
