package dev.cto.costs.store.jdbc;

import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.domain.ThresholdLevel;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.AlertDelivery;
import dev.cto.costs.store.AlertOutbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The alert_deliveries table: the alert outbox, claimed with conditional updates. */
final class Outbox {

  private static final String KEY = " repository = ? AND pr_number = ? AND level = ? AND sink = ?";

  int fanOut(Connection c, Collection<String> sinks, Instant now) throws SQLException {
    List<Object[]> waiting = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT repository, pr_number, level FROM threshold_crossings WHERE alerts_pending = 1");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        waiting.add(new Object[] {rs.getString(1), rs.getLong(2), rs.getString(3)});
      }
    }
    int created = 0;
    try (PreparedStatement insert = c.prepareStatement(
            "INSERT INTO alert_deliveries (repository, pr_number, level, sink, status, attempts, next_attempt_at,"
                + " claimed_until) VALUES (?, ?, ?, ?, 'pending', 0, ?, 0)"
                + " ON CONFLICT (repository, pr_number, level, sink) DO NOTHING");
        PreparedStatement handled = c.prepareStatement(
            "UPDATE threshold_crossings SET alerts_pending = 0 WHERE repository = ? AND pr_number = ? AND level = ?")) {
      for (Object[] x : waiting) {
        for (String sink : sinks) {
          insert.setString(1, (String) x[0]);
          insert.setLong(2, (Long) x[1]);
          insert.setString(3, (String) x[2]);
          insert.setString(4, sink);
          insert.setLong(5, Columns.micros(now));
          created += insert.executeUpdate();
        }
        handled.setString(1, (String) x[0]);
        handled.setLong(2, (Long) x[1]);
        handled.setString(3, (String) x[2]);
        handled.executeUpdate();
      }
    }
    return created;
  }

  /** Whether any crossing waits for its deliveries (a read, so idle polls never take the write lock). */
  boolean hasWaiting(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM threshold_crossings WHERE alerts_pending = 1 LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  /** Due deliveries that look free; {@link #claim} then takes each only if it still is. */
  List<AlertDelivery> candidates(Connection c, Collection<String> sinks, Instant now, int limit) throws SQLException {
    if (sinks.isEmpty() || limit <= 0) {
      return List.of();
    }
    String in = String.join(", ", Collections.nCopies(sinks.size(), "?"));
    List<AlertDelivery> candidates = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT d.repository, d.pr_number, d.level, d.sink, d.attempts, x.threshold_nanos, x.total_nanos, x.crossed_at"
            + " FROM alert_deliveries d JOIN threshold_crossings x"
            + " ON x.repository = d.repository AND x.pr_number = d.pr_number AND x.level = d.level"
            + " WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND d.claimed_until <= ? AND d.sink IN (" + in + ")"
            + " ORDER BY d.next_attempt_at, x.crossed_at LIMIT ?")) {
      int i = 1;
      ps.setLong(i++, Columns.micros(now));
      ps.setLong(i++, Columns.micros(now));
      for (String sink : sinks) {
        ps.setString(i++, sink);
      }
      ps.setInt(i, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ThresholdCrossing crossing = new ThresholdCrossing(rs.getString(1), rs.getLong(2),
              ThresholdLevel.valueOf(rs.getString(3).toUpperCase(Locale.ROOT)),
              Usd.ofNanos(rs.getLong(6)), Usd.ofNanos(rs.getLong(7)), Columns.fromMicros(rs.getLong(8)));
          candidates.add(new AlertDelivery(crossing, rs.getString(4), rs.getInt(5) + 1, UUID.randomUUID().toString()));
        }
      }
    }
    return candidates;
  }

  /** Takes each candidate with an UPDATE that only succeeds while it is pending and unclaimed. */
  List<AlertDelivery> claim(Connection c, List<AlertDelivery> candidates, Instant now, Instant until) throws SQLException {
    List<AlertDelivery> claimed = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE alert_deliveries SET claimed_by = ?, claimed_until = ?, attempts = attempts + 1 WHERE" + KEY
            + " AND status = 'pending' AND claimed_until <= ?")) {
      for (AlertDelivery d : candidates) {
        ps.setString(1, d.claim());
        ps.setLong(2, Columns.micros(until));
        bindKey(ps, 3, d);
        ps.setLong(7, Columns.micros(now));
        if (ps.executeUpdate() == 1) {
          claimed.add(d);
        }
      }
    }
    return claimed;
  }

  boolean markDelivered(Connection c, AlertDelivery d, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE alert_deliveries SET status = 'done', delivered_at = ?, claimed_until = 0, last_error = NULL WHERE"
            + KEY + " AND claimed_by = ? AND status = 'pending'")) {
      ps.setLong(1, Columns.micros(at));
      bindKey(ps, 2, d);
      ps.setString(6, d.claim());
      return ps.executeUpdate() == 1;
    }
  }

  boolean markFailed(Connection c, AlertDelivery d, String error, Instant retryAt) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE alert_deliveries SET status = ?, next_attempt_at = ?, claimed_until = 0, last_error = ? WHERE"
            + KEY + " AND claimed_by = ? AND status = 'pending'")) {
      ps.setString(1, retryAt == null ? "failed" : "pending");
      ps.setLong(2, retryAt == null ? 0 : Columns.micros(retryAt));
      ps.setString(3, error == null ? null : error.length() > 500 ? error.substring(0, 500) : error);
      bindKey(ps, 4, d);
      ps.setString(8, d.claim());
      return ps.executeUpdate() == 1;
    }
  }

  List<AlertOutbox.DeliveryState> list(Connection c, String repository, long pr) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT sink, status, attempts, last_error FROM alert_deliveries WHERE repository = ? AND pr_number = ?"
            + " ORDER BY CASE level WHEN 'warning' THEN 1 ELSE 2 END, sink")) {
      ps.setString(1, repository == null ? "" : repository);
      ps.setLong(2, pr);
      List<AlertOutbox.DeliveryState> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          AlertOutbox.Status status = switch (rs.getString(2)) {
            case "done" -> AlertOutbox.Status.DELIVERED;
            case "failed" -> AlertOutbox.Status.FAILED;
            default -> AlertOutbox.Status.PENDING;
          };
          out.add(new AlertOutbox.DeliveryState(rs.getString(1), status, rs.getInt(3), rs.getString(4)));
        }
      }
      return out;
    }
  }

  private static void bindKey(PreparedStatement ps, int first, AlertDelivery d) throws SQLException {
    ps.setString(first, d.crossing().repository());
    ps.setLong(first + 1, d.crossing().prNumber());
    ps.setString(first + 2, d.crossing().level().wireName());
    ps.setString(first + 3, d.sink());
  }
}
