package dev.cto.costs.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * How long SQLite takes to store the records of an import, by the shape of the INSERT, through
 * sqlite-jdbc with the store's settings (WAL, {@code synchronous=FULL}, 48 MiB cache) and its
 * 50,000-record transactions. The rows come from a database an import wrote:
 *
 * <pre>
 * bin/cto-cli costs import claude-code DATA --db /tmp/src.db --settle 0
 * bench/run SqliteInsertShapes /tmp/src.db /tmp/shapes [rounds]
 * </pre>
 *
 * <ul>
 *   <li>{@code direct}: multi-row VALUES (500 rows) {@code ON CONFLICT DO NOTHING RETURNING id}
 *       into the indexed table: the store's way before 2026-12-03, still its way for small batches.
 *   <li>{@code staged}: the same VALUES into an index-free temporary table, then one {@code INSERT
 *       … SELECT … ON CONFLICT DO NOTHING} per transaction: the store's way for large batches.
 *   <li>{@code floor}: one {@code INSERT … SELECT} per transaction straight from the source
 *       database: SQLite's own B-tree work, no binding at all.
 * </ul>
 *
 * <p>Rows go in the order the import stored them (rowid order, time order within each batch);
 * the floor needs a source written by one import into a fresh file, whose rowids have no gaps.
 *
 * <p>Each shape writes a fresh database file in the work folder; the time includes closing it
 * (SQLite's final checkpoint). Shapes alternate round by round, since this machine is noisy.
 */
public final class SqliteInsertShapes {

  private static final int PER_TRANSACTION = 50_000;
  private static final int ROWS_PER_STATEMENT = 500;

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: SqliteInsertShapes SOURCE.db WORK-DIR [rounds]");
      System.exit(2);
    }
    Path source = Path.of(args[0]);
    Path work = Files.createDirectories(Path.of(args[1]));
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    List<String> ddl = new ArrayList<>();
    List<Object[]> rows = new ArrayList<>();
    String columns;
    try (Connection src = DriverManager.getConnection("jdbc:sqlite:" + source.toAbsolutePath());
         Statement s = src.createStatement()) {
      try (ResultSet rs = s.executeQuery(
          "SELECT sql FROM sqlite_schema WHERE tbl_name = 'token_usage' AND sql IS NOT NULL ORDER BY type DESC")) {
        while (rs.next()) {
          ddl.add(rs.getString(1)); // the table first, then its indexes
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT * FROM token_usage ORDER BY rowid")) {
        int n = rs.getMetaData().getColumnCount();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          names.add(rs.getMetaData().getColumnName(i));
        }
        columns = String.join(", ", names);
        while (rs.next()) {
          Object[] row = new Object[n];
          for (int i = 0; i < n; i++) {
            row[i] = rs.getObject(i + 1);
          }
          rows.add(row);
        }
      }
    }
    System.out.printf("%,d records from %s, %d transactions of %,d%n", rows.size(), source,
        (rows.size() + PER_TRANSACTION - 1) / PER_TRANSACTION, PER_TRANSACTION);
    for (int round = 1; round <= rounds; round++) {
      for (String shape : List.of("direct", "staged", "floor")) {
        Path db = work.resolve(shape + ".db");
        for (String suffix : List.of("", "-wal", "-shm")) {
          Files.deleteIfExists(Path.of(db + suffix));
        }
        long started = System.nanoTime();
        try (Connection c = open(db, ddl)) {
          switch (shape) {
            case "direct" -> direct(c, rows, columns);
            case "staged" -> staged(c, rows, columns);
            default -> floor(c, source, rows.size(), columns);
          }
        }
        System.out.printf("round %d  %-7s %6.2f s%n", round, shape, (System.nanoTime() - started) / 1e9);
      }
    }
  }

  private static Connection open(Path db, List<String> ddl) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    config.setCacheSize(-49_152);
    Connection c = config.createConnection("jdbc:sqlite:" + db.toAbsolutePath());
    try (Statement s = c.createStatement()) {
      for (String statement : ddl) {
        s.execute(statement);
      }
    }
    c.setAutoCommit(false);
    return c;
  }

  private static void direct(Connection c, List<Object[]> rows, String columns) throws SQLException {
    insertValues(c, rows, "token_usage", columns, " ON CONFLICT DO NOTHING RETURNING id", () -> { });
  }

  private static void staged(Connection c, List<Object[]> rows, String columns) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TEMP TABLE staging AS SELECT " + columns + " FROM main.token_usage WHERE 0");
    }
    insertValues(c, rows, "temp.staging", columns, "", () -> {
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO main.token_usage (" + columns + ") SELECT " + columns
            + " FROM temp.staging WHERE true ON CONFLICT DO NOTHING");
        s.execute("DELETE FROM temp.staging");
      }
    });
  }

  private static void floor(Connection c, Path source, int count, String columns) throws SQLException {
    c.setAutoCommit(true); // ATTACH cannot run inside a transaction
    try (Statement s = c.createStatement()) {
      s.execute("ATTACH '" + source.toAbsolutePath().toString().replace("'", "''") + "' AS src");
      c.setAutoCommit(false);
      for (long from = 0; from < count; from += PER_TRANSACTION) { // the import's own order: rowid
        s.executeUpdate("INSERT INTO main.token_usage (" + columns + ") SELECT " + columns
            + " FROM src.token_usage WHERE rowid > " + from + " AND rowid <= " + (from + PER_TRANSACTION));
        c.commit();
      }
    }
  }

  /** Callback at the end of each transaction, before its commit. */
  private interface BeforeCommit {
    void run() throws SQLException;
  }

  private static void insertValues(Connection c, List<Object[]> rows, String table, String columns, String tail,
      BeforeCommit beforeCommit) throws SQLException {
    String tuple = "(" + String.join(", ", Collections.nCopies(rows.get(0).length, "?")) + ")";
    String full = "INSERT INTO " + table + " (" + columns + ") VALUES "
        + String.join(", ", Collections.nCopies(ROWS_PER_STATEMENT, tuple)) + tail;
    try (PreparedStatement ps = c.prepareStatement(full)) {
      for (int from = 0; from < rows.size(); from += PER_TRANSACTION) {
        int to = Math.min(rows.size(), from + PER_TRANSACTION);
        for (int chunk = from; chunk < to; chunk += ROWS_PER_STATEMENT) {
          int end = Math.min(to, chunk + ROWS_PER_STATEMENT);
          if (end - chunk == ROWS_PER_STATEMENT) {
            bindAndRun(ps, rows, chunk, end, !tail.isEmpty());
          } else {
            String partial = "INSERT INTO " + table + " (" + columns + ") VALUES "
                + String.join(", ", Collections.nCopies(end - chunk, tuple)) + tail;
            try (PreparedStatement last = c.prepareStatement(partial)) {
              bindAndRun(last, rows, chunk, end, !tail.isEmpty());
            }
          }
        }
        beforeCommit.run();
        c.commit();
      }
    }
  }

  private static void bindAndRun(PreparedStatement ps, List<Object[]> rows, int from, int to, boolean returning)
      throws SQLException {
    int i = 1;
    for (int r = from; r < to; r++) {
      for (Object value : rows.get(r)) {
        ps.setObject(i++, value);
      }
    }
    if (returning) {
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rs.getString(1);
        }
      }
    } else {
      ps.executeUpdate();
    }
  }
}
