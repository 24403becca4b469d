package dev.cto.costs.store.jdbc;

import dev.cto.costs.store.RejectedRecordsException;
import dev.cto.costs.store.StoreException;
import dev.cto.costs.store.StoreHealth.Condition;
import dev.cto.costs.store.StoreUnavailableException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.sqlite.SQLiteException;

/**
 * Tells a write that failed because of what it wrote (the same rows fail again, other rows pass)
 * from one that failed because the database cannot write at all (every write fails alike), so the
 * collector can isolate a bad record without hammering a database that is down. Anything else
 * stays a plain {@link StoreException}.
 */
final class SqlFailures {

  /** SQLite primary result codes (sqlite.org/rescode.html) of a refused value or constraint. */
  private static final Set<Integer> SQLITE_REFUSED = Set.of(
      18, // SQLITE_TOOBIG
      19, // SQLITE_CONSTRAINT (CHECK, NOT NULL, a trigger's RAISE(ABORT), …)
      20, // SQLITE_MISMATCH
      25); // SQLITE_RANGE

  /** SQLite primary result codes that say the database file cannot be written now. */
  private static final Set<Integer> SQLITE_UNAVAILABLE = Set.of(
      5, // SQLITE_BUSY
      6, // SQLITE_LOCKED
      7, // SQLITE_NOMEM
      8, // SQLITE_READONLY
      10, // SQLITE_IOERR
      11, // SQLITE_CORRUPT
      13, // SQLITE_FULL
      14, // SQLITE_CANTOPEN
      26); // SQLITE_NOTADB

  private SqlFailures() {}

  static StoreException classify(String message, SQLException e, boolean sqlite) {
    if (refused(e, sqlite)) {
      return new RejectedRecordsException(message, e);
    }
    if (unavailable(e, sqlite)) {
      return new StoreUnavailableException(message, e);
    }
    return new StoreException(message, e);
  }

  /**
   * PostgreSQL's SQLSTATE classes 22 (data exception: a value too long, a NUL byte, a number out
   * of range) and 23 (integrity constraint violation); SQLite's refused-value codes.
   */
  static boolean refused(SQLException e, boolean sqlite) {
    if (sqlite) {
      return e.getSQLState() == null && SQLITE_REFUSED.contains(e.getErrorCode());
    }
    String state = e.getSQLState();
    return state != null && (state.startsWith("22") || state.startsWith("23"));
  }

  /**
   * No connection within the pool's timeout, or PostgreSQL's classes 08 (connection exception),
   * 53 (insufficient resources: disk full, too many connections), 57 (operator intervention: shut
   * down, cannot connect now) and 58 (system error: I/O); SQLite's busy, full, read-only and I/O
   * codes.
   */
  static boolean unavailable(SQLException e, boolean sqlite) {
    if (e instanceof SQLTransientConnectionException) {
      return true;
    }
    if (sqlite) {
      return e.getSQLState() == null && SQLITE_UNAVAILABLE.contains(e.getErrorCode());
    }
    String state = e.getSQLState();
    return state != null
        && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57") || state.startsWith("58"));
  }

  // SQLite primary result codes (https://sqlite.org/rescode.html)
  private static final int SQLITE_READONLY = 8;
  private static final int SQLITE_IOERR = 10;
  private static final int SQLITE_FULL = 13;
  private static final int SQLITE_CANTOPEN = 14;
  private static final int SQLITE_READONLY_DBMOVED = 1032;

  /**
   * Which store-wide fault (the breaker's state) is behind a failure, or null when it concerns this
   * call only, like a refused record or a lock held past the timeout (which a retry may get past).
   */
  static Condition classify(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      Condition c = classifyOne(t);
      if (c != null) {
        return c;
      }
    }
    return null;
  }

  private static Condition classifyOne(Throwable t) {
    if (t instanceof SQLiteException e) {
      int code = e.getErrorCode();
      if (code == SQLITE_READONLY_DBMOVED) {
        return Condition.FILE_GONE;
      }
      return switch (code & 0xff) {
        case SQLITE_FULL -> Condition.DISK_FULL;
        case SQLITE_READONLY -> Condition.READ_ONLY;
        case SQLITE_IOERR -> Condition.IO_ERROR;
        case SQLITE_CANTOPEN -> Condition.FILE_GONE;
        default -> null;
      };
    }
    if (t instanceof SQLException e && e.getSQLState() != null) {
      String state = e.getSQLState();
      if (state.equals("53100")) {
        return Condition.DISK_FULL;
      }
      if (state.equals("25006")) {
        return Condition.READ_ONLY;
      }
      // class 08: connection exceptions; 57P01-03: the server is shutting down or starting up
      if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
        return Condition.UNREACHABLE;
      }
    }
    if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
        || t instanceof SocketTimeoutException) {
      return Condition.UNREACHABLE;
    }
    return null;
  }

  /** The innermost message: the database's or the network's own words, without pool internals. */
  static String reason(Throwable failure) {
    Throwable t = failure;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage();
    if (t instanceof UnknownHostException) {
      return "unknown host " + message;
    }
    return message == null ? t.getClass().getSimpleName() : message;
  }
}
