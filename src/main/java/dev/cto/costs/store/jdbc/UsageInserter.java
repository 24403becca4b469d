package dev.cto.costs.store.jdbc;

import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.UsageRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Inserts records with multi-row {@code INSERT … ON CONFLICT DO NOTHING RETURNING id}: one
 * round trip per chunk, and the database itself says which ids were new, which is what the rollup
 * and the duplicate counts need (a SELECT-then-INSERT would race with other writers).
 *
 * <p>On SQLite a large batch takes another way, measured on the 500,159 records of the 1M-line
 * import (docs/benchmarks.md): the rows go first into an index-free in-memory staging table, then
 * into {@code token_usage} with one {@code INSERT … SELECT}. The whole import went from 14.7 s to
 * 12.0 s (paired); {@code bench/run SqliteInsertShapes} times SQLite's part alone, 10.1–10.5 s
 * with multi-row VALUES straight into the indexed table against 8.8–9.5 s by way of the staging
 * table, which also skips {@code RETURNING}: the new rows are told by the insert's change count
 * and, only when some were duplicates, by their rowids, which SQLite hands out above the table's
 * largest one (the write transaction keeps other writers out meanwhile).
 *
 * <p>On PostgreSQL {@code token_usage} is partitioned by month (migration V12), where no unique
 * index can span the months: the batch's ids and request ids are claimed in {@code usage_keys}
 * first, with the same {@code ON CONFLICT DO NOTHING RETURNING id}, and only the records whose
 * keys were new are inserted, in the same transaction. A concurrent writer of the same key waits
 * on the first one's uncommitted key row, then sees the conflict: re-sent data never counts twice.
 */
final class UsageInserter {

  /** 24 columns × 500 rows stays under SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
  private static final int ROWS_PER_STATEMENT = 500;

  /** Smaller batches (single records from the proxy, small posts) go straight in: fewer statements. */
  static final int STAGE_FROM_ROWS = ROWS_PER_STATEMENT;

  private final PreparedOnce fullChunk = new PreparedOnce(sql("token_usage", ROWS_PER_STATEMENT, true));
  private final PreparedOnce fullStage = new PreparedOnce(sql("temp.usage_staging", ROWS_PER_STATEMENT, false));
  private final PreparedOnce fullKeys = new PreparedOnce(keysSql(ROWS_PER_STATEMENT));
  private final PreparedOnce fullPlain = new PreparedOnce(sql("token_usage", ROWS_PER_STATEMENT, false));
  private final boolean sqlite;

  /** @param sqlite SQLite (large batches through a staging table), else PostgreSQL (keys first) */
  UsageInserter(boolean sqlite) {
    this.sqlite = sqlite;
  }

  /** Inserts in the caller's transaction; returns the records that were new. */
  List<PricedUsage> insert(Connection c, List<PricedUsage> records, Instant now) throws SQLException {
    Map<String, PricedUsage> firstById = new LinkedHashMap<>();
    for (PricedUsage r : records) {
      // the first record of an id is the one stored: the collector acknowledges the first one's cost
      firstById.putIfAbsent(r.id(), r);
    }
    List<PricedUsage> unique = new ArrayList<>(firstById.values());
    long recordedAt = Columns.micros(now);
    if (!sqlite) {
      return insertKeyed(c, unique, recordedAt);
    }
    if (unique.size() >= STAGE_FROM_ROWS) {
      return insertStaged(c, unique, recordedAt);
    }
    return insertDirect(c, unique, recordedAt);
  }

  /** PostgreSQL: claim the keys, then insert the records that own them (see the class comment). */
  private List<PricedUsage> insertKeyed(Connection c, List<PricedUsage> unique, long recordedAt) throws SQLException {
    // Keys are claimed in id order: replicas writing overlapping batches then lock the same key
    // rows in the same order instead of deadlocking. The batch's own second copy of a request is
    // dropped here first, so the first one in the batch stays as on SQLite.
    Set<String> requests = new HashSet<>();
    List<PricedUsage> claims = new ArrayList<>(unique.size());
    for (PricedUsage p : unique) {
      if (p.record().requestId() == null || requests.add(p.record().requestId())) {
        claims.add(p);
      }
    }
    claims.sort(java.util.Comparator.comparing(PricedUsage::id));
    Set<String> claimed = new HashSet<>();
    for (int from = 0; from < claims.size(); from += ROWS_PER_STATEMENT) {
      List<PricedUsage> chunk = claims.subList(from, Math.min(claims.size(), from + ROWS_PER_STATEMENT));
      boolean full = chunk.size() == ROWS_PER_STATEMENT;
      PreparedStatement ps = full ? fullKeys.on(c) : c.prepareStatement(keysSql(chunk.size()));
      try {
        int i = 1;
        for (PricedUsage p : chunk) {
          ps.setString(i++, p.id());
          ps.setString(i++, p.record().requestId());
          ps.setLong(i++, Columns.micros(p.record().timestamp()));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            claimed.add(rs.getString(1));
          }
        }
      } finally {
        if (!full) {
          ps.close();
        }
      }
    }
    List<PricedUsage> fresh = claimed.size() == unique.size() ? unique : inOrder(unique, claimed);
    inChunks(c, fresh, fullPlain, "token_usage", false, recordedAt, PreparedStatement::executeUpdate);
    return fresh;
  }

  private static String keysSql(int rows) {
    return "INSERT INTO usage_keys (id, request_id, occurred_at) VALUES "
        + String.join(", ", java.util.Collections.nCopies(rows, Columns.tuple(3)))
        + " ON CONFLICT DO NOTHING RETURNING id";
  }

  private List<PricedUsage> insertDirect(Connection c, List<PricedUsage> unique, long recordedAt) throws SQLException {
    Set<String> inserted = new HashSet<>();
    inChunks(c, unique, fullChunk, "token_usage", true, recordedAt, ps -> {
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          inserted.add(rs.getString(1));
        }
      }
    });
    return inOrder(unique, inserted);
  }

  /** What to do with a chunk's bound statement. */
  @FunctionalInterface
  private interface ChunkRun {
    void run(PreparedStatement bound) throws SQLException;
  }

  /** Binds the records 500 rows at a time into an INSERT on {@code table} and runs each chunk. */
  private static void inChunks(Connection c, List<PricedUsage> records, PreparedOnce fullStatement, String table,
      boolean returningNew, long recordedAt, ChunkRun run) throws SQLException {
    for (int from = 0; from < records.size(); from += ROWS_PER_STATEMENT) {
      List<PricedUsage> chunk = records.subList(from, Math.min(records.size(), from + ROWS_PER_STATEMENT));
      boolean full = chunk.size() == ROWS_PER_STATEMENT;
      PreparedStatement ps = full ? fullStatement.on(c) : c.prepareStatement(sql(table, chunk.size(), returningNew));
      try {
        int i = 1;
        for (PricedUsage r : chunk) {
          i = bind(ps, i, r, recordedAt);
        }
        run.run(ps);
      } finally {
        if (!full) {
          ps.close();
        }
      }
    }
  }

  /** SQLite, a large batch: staging table, one INSERT … SELECT, new rows told apart by rowid. */
  private List<PricedUsage> insertStaged(Connection c, List<PricedUsage> unique, long recordedAt) throws SQLException {
    try (Statement s = c.createStatement()) {
      // a temporary table lives as long as the connection, unless the transaction that created it
      // was rolled back: asking each time costs less than tracking that
      s.execute("CREATE TEMP TABLE IF NOT EXISTS usage_staging AS SELECT " + Columns.USAGE + " FROM main.token_usage WHERE 0");
    }
    long lastRowid = singleLong(c, "SELECT COALESCE(MAX(rowid), 0) FROM main.token_usage");
    if (lastRowid > Long.MAX_VALUE - unique.size()) {
      return insertDirect(c, unique, recordedAt); // SQLite would pick rowids at random from here on
    }
    inChunks(c, unique, fullStage, "temp.usage_staging", false, recordedAt, PreparedStatement::executeUpdate);
    int added;
    try (Statement s = c.createStatement()) {
      // rowid order is staging order, so of two records with one request id the first one stays,
      // as with the direct path; "WHERE true" tells SQLite's parser the ON CONFLICT is the upsert's
      added = s.executeUpdate("INSERT INTO main.token_usage (" + Columns.USAGE + ") SELECT " + Columns.USAGE
          + " FROM temp.usage_staging WHERE true ON CONFLICT DO NOTHING");
      s.execute("DELETE FROM temp.usage_staging");
    }
    if (added == unique.size()) {
      return unique;
    }
    Set<String> inserted = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM main.token_usage WHERE rowid > ?")) {
      ps.setLong(1, lastRowid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          inserted.add(rs.getString(1));
        }
      }
    }
    return inOrder(unique, inserted);
  }

  private static long singleLong(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<PricedUsage> inOrder(List<PricedUsage> unique, Set<String> inserted) {
    List<PricedUsage> fresh = new ArrayList<>(inserted.size());
    for (PricedUsage r : unique) {
      if (inserted.contains(r.id())) {
        fresh.add(r);
      }
    }
    return fresh;
  }

  /**
   * A full-chunk statement, prepared once per connection: compiling an INSERT of 500 rows × 24
   * parameters took an eighth of a bulk import's write time when it was prepared per chunk. Only
   * the store's writer (one thread, under the write lock) uses these.
   */
  private static final class PreparedOnce {

    private final String sql;
    private PreparedStatement statement;
    private Connection connection;

    PreparedOnce(String sql) {
      this.sql = sql;
    }

    PreparedStatement on(Connection c) throws SQLException {
      if (statement == null || statement.isClosed() || connection != c) {
        if (statement != null && !statement.isClosed()) {
          statement.close();
        }
        statement = c.prepareStatement(sql);
        connection = c;
      }
      return statement;
    }
  }

  private static String sql(String table, int rows, boolean returningNew) {
    StringBuilder sb = new StringBuilder("INSERT INTO " + table + " (" + Columns.USAGE + ") VALUES ");
    String tuple = Columns.tuple(Columns.USAGE_COUNT);
    for (int r = 0; r < rows; r++) {
      sb.append(r == 0 ? "" : ", ").append(tuple);
    }
    return returningNew ? sb.append(" ON CONFLICT DO NOTHING RETURNING id").toString() : sb.toString();
  }

  private static int bind(PreparedStatement ps, int i, PricedUsage p, long recordedAt) throws SQLException {
    UsageRecord r = p.record();
    var a = r.attribution();
    ps.setString(i++, r.id());
    ps.setString(i++, a.repository() == null ? "" : a.repository());
    if (a.prNumber() == null) {
      ps.setNull(i++, Types.BIGINT);
    } else {
      ps.setLong(i++, a.prNumber());
    }
    ps.setString(i++, a.agent());
    ps.setString(i++, a.stage());
    ps.setInt(i++, a.iteration());
    ps.setString(i++, a.taskId());
    ps.setString(i++, r.cli());
    ps.setString(i++, r.model());
    ps.setString(i++, p.provider());
    ps.setLong(i++, r.tokens().input());
    ps.setLong(i++, r.tokens().output());
    ps.setLong(i++, r.tokens().cacheWrite5m());
    ps.setLong(i++, r.tokens().cacheWrite1h());
    ps.setLong(i++, r.tokens().cacheRead());
    ps.setLong(i++, p.cost().nanos());
    ps.setInt(i++, p.priced() ? 1 : 0);
    ps.setString(i++, r.sessionId());
    ps.setString(i++, r.requestId());
    ps.setString(i++, r.source());
    ps.setLong(i++, Columns.micros(r.timestamp()));
    ps.setInt(i++, Columns.epochDay(r.timestamp()));
    ps.setLong(i++, recordedAt);
    if (p.cacheSavings() == null) {
      ps.setNull(i++, Types.BIGINT);
    } else {
      ps.setLong(i++, p.cacheSavings().nanos());
    }
    return i;
  }
}
