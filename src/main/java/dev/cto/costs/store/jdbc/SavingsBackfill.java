package dev.cto.costs.store.jdbc;

import dev.cto.costs.domain.PricedUsage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Fills in {@code cache_savings_nanos} of records stored before it existed (NULL), keeping
 * {@code usage_daily} equal to a GROUP BY of the records in every transaction. Each update only
 * touches rows still NULL, so two processes filling at once never count a record twice.
 */
final class SavingsBackfill {

  static final int CHUNK = 5_000;

  private static final String TRIVIAL =
      " FROM token_usage WHERE cache_savings_nanos IS NULL AND (priced = 0 OR cache_read_tokens = 0)";

  private SavingsBackfill() {}

  /** Records without savings, from the rollup (small), not from the records. */
  static long unknownRecords(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT SUM(savings_unknown) FROM usage_daily")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /** Savings are zero without cache reads or without a price: set them and rebuild those days. */
  static long zeroWherePriceCannotMatter(Connection c) throws SQLException {
    Set<Integer> days = new TreeSet<>();
    try (Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT DISTINCT usage_day" + TRIVIAL)) {
        while (rs.next()) {
          days.add(rs.getInt(1));
        }
      }
      if (days.isEmpty()) {
        return 0;
      }
      int n = s.executeUpdate("UPDATE token_usage SET cache_savings_nanos = 0"
          + TRIVIAL.substring(" FROM token_usage".length()));
      Rollups.rebuildDays(c, days);
      return n;
    }
  }

  /** Streams the records still without savings (priced, with cache reads), oldest first. */
  static void forEachUnknown(Connection c, Consumer<PricedUsage> sink) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + Columns.USAGE + " FROM token_usage WHERE cache_savings_nanos IS NULL ORDER BY occurred_at, id")) {
      ps.setFetchSize(1000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sink.accept(RecordRows.map(rs));
        }
      }
      c.commit();
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /**
   * Sets the savings of these records (each carries its own), where still unknown, and rebuilds
   * the rollup rows of their days.
   */
  static long set(Connection c, List<PricedUsage> records) throws SQLException {
    if (records.isEmpty()) {
      return 0;
    }
    Set<Integer> days = new TreeSet<>();
    long n = 0;
    try (PreparedStatement ps = c.prepareStatement(
            "UPDATE token_usage SET cache_savings_nanos = ? WHERE id = ? AND cache_savings_nanos IS NULL");
        PreparedStatement day = c.prepareStatement("SELECT usage_day FROM token_usage WHERE id = ?")) {
      for (PricedUsage p : records) {
        ps.setLong(1, p.cacheSavings().nanos());
        ps.setString(2, p.id());
        if (ps.executeUpdate() == 1) {
          n++;
          // the stored day, as updateCosts does: the rollup is keyed by the column, not by a recomputation
          day.setString(1, p.id());
          try (ResultSet rs = day.executeQuery()) {
            if (rs.next()) {
              days.add(rs.getInt(1));
            }
          }
        }
      }
    }
    // time-ordered chunks span a day or two: rebuilding those days keeps the rollup exact even for
    // rows whose stored strings were repaired on reading (an incremental update could miss them)
    Rollups.rebuildDays(c, days);
    return n;
  }
}
