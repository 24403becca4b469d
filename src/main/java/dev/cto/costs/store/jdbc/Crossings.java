package dev.cto.costs.store.jdbc;

import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.domain.ThresholdLevel;
import dev.cto.costs.domain.Usd;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The threshold_crossings table: insert-if-absent decides, across processes, who alerts. */
final class Crossings {

  boolean record(Connection c, ThresholdCrossing x) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO threshold_crossings (repository, pr_number, level, threshold_nanos,"
                + " total_nanos, crossed_at, alerts_pending) VALUES (?, ?, ?, ?, ?, ?, 1)"
                + " ON CONFLICT (repository, pr_number, level) DO NOTHING")) {
      ps.setString(1, x.repository() == null ? "" : x.repository());
      ps.setLong(2, x.prNumber());
      ps.setString(3, x.level().wireName());
      ps.setLong(4, x.threshold().nanos());
      ps.setLong(5, x.total().nanos());
      ps.setLong(6, Columns.micros(x.crossedAt()));
      return ps.executeUpdate() == 1;
    }
  }

  List<ThresholdCrossing> list(Connection c, String repository, long pr) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT level, threshold_nanos, total_nanos, crossed_at FROM threshold_crossings"
                + " WHERE repository = ? AND pr_number = ? ORDER BY crossed_at, CASE level WHEN 'warning' THEN 1 ELSE 2 END")) {
      ps.setString(1, repository == null ? "" : repository);
      ps.setLong(2, pr);
      List<ThresholdCrossing> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new ThresholdCrossing(
                  repository == null ? "" : repository, pr,
                  ThresholdLevel.valueOf(rs.getString(1).toUpperCase(Locale.ROOT)),
                  Usd.ofNanos(rs.getLong(2)), Usd.ofNanos(rs.getLong(3)),
                  Columns.fromMicros(rs.getLong(4))));
        }
      }
      return out;
    }
  }

  /**
   * Crossings across PRs, newest first. Without an index on crossed_at this reads the table, which
   * holds at most two rows per PR (warning, error): tens of thousands at the largest, a few ms.
   */
  List<ThresholdCrossing> recent(Connection c, String repository, Instant from, Instant until, int limit) throws SQLException {
    List<String> where = new ArrayList<>();
    if (repository != null) {
      where.add("repository = ?");
    }
    if (from != null) {
      where.add("crossed_at >= ?");
    }
    if (until != null) {
      where.add("crossed_at < ?");
    }
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT repository, pr_number, level, threshold_nanos, total_nanos, crossed_at FROM threshold_crossings"
            + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
            + " ORDER BY crossed_at DESC, repository, pr_number, CASE level WHEN 'warning' THEN 1 ELSE 2 END DESC LIMIT ?")) {
      int i = 1;
      if (repository != null) {
        ps.setString(i++, repository);
      }
      if (from != null) {
        ps.setLong(i++, Columns.micros(from));
      }
      if (until != null) {
        ps.setLong(i++, Columns.micros(until));
      }
      ps.setInt(i, Math.max(0, limit));
      List<ThresholdCrossing> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new ThresholdCrossing(rs.getString(1), rs.getLong(2), ThresholdLevel.valueOf(rs.getString(3).toUpperCase(Locale.ROOT)),
              Usd.ofNanos(rs.getLong(4)), Usd.ofNanos(rs.getLong(5)), Columns.fromMicros(rs.getLong(6))));
        }
      }
      return out;
    }
  }
}
