package dev.cto.costs.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL's monthly partitions of {@code token_usage} (migration V12): created ahead by the
 * service, filled from the default partition when a record arrived for a month without one, and
 * dropped whole by retention. Every method runs in the caller's transaction.
 */
final class Partitions {

  /** Months created beyond the current one, so a month's first record never waits on DDL. */
  static final int MONTHS_AHEAD = 2;

  static final String DEFAULT_PARTITION = "token_usage_default";

  /** Serialises the upkeep between replicas: two creating one partition at once would collide. */
  private static final long UPKEEP_LOCK = 0x6374_6f5f_7061_7274L; // "cto_part"

  private Partitions() {}

  /** {@code token_usage_y2026m03}: the partition holding March 2026 (UTC). */
  static String nameOf(YearMonth month) {
    return String.format("token_usage_y%04dm%02d", month.getYear(), month.getMonthValue());
  }

  /** The month a partition name holds; empty for the default partition or any other table. */
  static Optional<YearMonth> monthOf(String partition) {
    if (!partition.matches("token_usage_y\\d{4}m\\d{2}")) {
      return Optional.empty();
    }
    return Optional.of(YearMonth.of(
        Integer.parseInt(partition.substring(13, 17)), Integer.parseInt(partition.substring(18, 20))));
  }

  static long startMicros(YearMonth month) {
    return Columns.micros(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /**
   * Creates the partitions of {@code now}'s month and the {@link #MONTHS_AHEAD} after it, and one
   * for every month that has records waiting in the default partition (moving them there).
   *
   * @return how many partitions were created
   */
  static int prepare(Connection c, Instant now) throws SQLException {
    lock(c);
    List<String> existing = names(c);
    int created = 0;
    YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
    for (int i = 0; i <= MONTHS_AHEAD; i++) {
      if (create(c, current.plusMonths(i), existing)) {
        created++;
      }
    }
    // bounded: each round empties one month of the default partition
    for (Optional<YearMonth> waiting = oldestInDefault(c); waiting.isPresent(); waiting = oldestInDefault(c)) {
      if (!create(c, waiting.get(), existing)) {
        throw new SQLException("the default partition holds records of " + waiting.get() + ", which has its own partition");
      }
      created++;
    }
    return created;
  }

  /**
   * Retention: drops the partitions whose whole month is before {@code cutoff}, then deletes the
   * older rows left in the partition holding the cutoff (and in the default partition), and the
   * dedupe keys of everything removed.
   *
   * @return how many records were removed (their keys: one per stored record)
   */
  static long dropOlderThan(Connection c, Instant cutoff) throws SQLException {
    lock(c);
    long cutoffMicros = Columns.micros(cutoff);
    long removed;
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM usage_keys WHERE occurred_at < ?")) {
      ps.setLong(1, cutoffMicros);
      removed = ps.executeUpdate();
    }
    try (Statement s = c.createStatement()) {
      for (String name : names(c)) {
        Optional<YearMonth> month = monthOf(name);
        if (month.isPresent() && startMicros(month.get().plusMonths(1)) <= cutoffMicros) {
          s.execute("DROP TABLE " + name);
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM token_usage WHERE occurred_at < ?")) {
      ps.setLong(1, cutoffMicros);
      ps.executeUpdate();
    }
    return removed;
  }

  /** The partitions of token_usage, by table name. */
  static List<String> names(Connection c) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid"
            + " WHERE i.inhparent = 'token_usage'::regclass ORDER BY p.relname")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private static void lock(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      ps.setLong(1, UPKEEP_LOCK);
      ps.execute();
    }
  }

  private static Optional<YearMonth> oldestInDefault(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT MIN(occurred_at) FROM " + DEFAULT_PARTITION)) {
      rs.next();
      long micros = rs.getLong(1);
      return rs.wasNull()
          ? Optional.empty()
          : Optional.of(YearMonth.from(Columns.fromMicros(micros).atZone(ZoneOffset.UTC)));
    }
  }

  /**
   * Creates a month's partition unless it exists. Rows of that month in the default partition are
   * moved into it in the same transaction (PostgreSQL refuses the new partition while the default
   * one holds rows it would own), so no record is ever out of sight.
   */
  private static boolean create(Connection c, YearMonth month, List<String> existing) throws SQLException {
    String name = nameOf(month);
    if (existing.contains(name)) {
      return false;
    }
    long from = startMicros(month);
    long until = startMicros(month.plusMonths(1));
    String range = " occurred_at >= " + from + " AND occurred_at < " + until;
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TEMP TABLE IF NOT EXISTS usage_moving (LIKE token_usage) ON COMMIT DROP");
      s.execute("WITH moved AS (DELETE FROM " + DEFAULT_PARTITION + " WHERE" + range + " RETURNING *)"
          + " INSERT INTO usage_moving SELECT * FROM moved");
      s.execute("CREATE TABLE " + name + " PARTITION OF token_usage FOR VALUES FROM (" + from + ") TO (" + until + ")");
      s.execute("INSERT INTO token_usage SELECT * FROM usage_moving");
      s.execute("DELETE FROM usage_moving");
    }
    existing.add(name);
    return true;
  }
}
