package dev.cto.costs.store.jdbc;

import dev.cto.costs.domain.Announcement;
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

/**
 * The alert outbox: {@code alert_deliveries} for threshold crossings and
 * {@code announcement_deliveries} for announcements, claimed with conditional updates.
 */
final class Outbox {

  private final DeliveryRows crossingRows = new DeliveryRows("alert_deliveries",
      List.of("repository", "pr_number", "level"), d -> new Object[] {d.crossing().repository(),
          d.crossing().prNumber(), d.crossing().level().wireName()});
  private final DeliveryRows announcementRows = new DeliveryRows("announcement_deliveries",
      List.of("event", "subject"), d -> new Object[] {d.announcement().event(), d.announcement().subject()});

  /** Creates the deliveries of every crossing and announcement waiting for them, and marks them handled. */
  int fanOut(Connection c, Collection<String> sinks, Instant now) throws SQLException {
    int created = 0;
    for (Object[] key : waiting(c, "SELECT repository, pr_number, level FROM threshold_crossings WHERE alerts_pending = 1")) {
      created += crossingRows.create(c, key, sinks, now);
      handled(c, "UPDATE threshold_crossings SET alerts_pending = 0 WHERE repository = ? AND pr_number = ? AND level = ?", key);
    }
    for (Object[] key : waiting(c, "SELECT event, subject FROM announcements WHERE alerts_pending = 1")) {
      created += announcementRows.create(c, key, sinks, now);
      handled(c, "UPDATE announcements SET alerts_pending = 0 WHERE event = ? AND subject = ?", key);
    }
    return created;
  }

  private static List<Object[]> waiting(Connection c, String sql) throws SQLException {
    List<Object[]> keys = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Object[] key = new Object[n];
        for (int i = 0; i < n; i++) {
          Object v = rs.getObject(i + 1);
          key[i] = v instanceof Number number ? (Object) number.longValue() : rs.getString(i + 1);
        }
        keys.add(key);
      }
    }
    return keys;
  }

  private static void handled(Connection c, String sql, Object[] key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < key.length; i++) {
        if (key[i] instanceof Long n) {
          ps.setLong(i + 1, n);
        } else {
          ps.setString(i + 1, (String) key[i]);
        }
      }
      ps.executeUpdate();
    }
  }

  /** Whether anything waits for its deliveries (a read, so idle polls never take the write lock). */
  boolean hasWaiting(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM threshold_crossings WHERE alerts_pending = 1"
        + " UNION ALL SELECT 1 FROM announcements WHERE alerts_pending = 1 LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  /**
   * Due deliveries that look free, crossings before announcements; {@link #claim} then takes each
   * only if it still is.
   */
  List<AlertDelivery> candidates(Connection c, Collection<String> sinks, Instant now, int limit) throws SQLException {
    if (sinks.isEmpty() || limit <= 0) {
      return List.of();
    }
    List<AlertDelivery> candidates = new ArrayList<>();
    String in = String.join(", ", Collections.nCopies(sinks.size(), "?"));
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT d.repository, d.pr_number, d.level, d.sink, d.attempts, x.threshold_nanos, x.total_nanos, x.crossed_at"
            + " FROM alert_deliveries d JOIN threshold_crossings x"
            + " ON x.repository = d.repository AND x.pr_number = d.pr_number AND x.level = d.level"
            + " WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND d.claimed_until <= ? AND d.sink IN (" + in + ")"
            + " ORDER BY d.next_attempt_at, x.crossed_at LIMIT ?")) {
      bindDue(ps, now, sinks, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ThresholdCrossing crossing = new ThresholdCrossing(rs.getString(1), rs.getLong(2),
              ThresholdLevel.valueOf(rs.getString(3).toUpperCase(Locale.ROOT)),
              Usd.ofNanos(rs.getLong(6)), Usd.ofNanos(rs.getLong(7)), Columns.fromMicros(rs.getLong(8)));
          candidates.add(new AlertDelivery(crossing, rs.getString(4), rs.getInt(5) + 1, UUID.randomUUID().toString()));
        }
      }
    }
    if (candidates.size() < limit) {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT d.event, d.subject, d.sink, d.attempts, a.text, a.body, a.announced_at"
              + " FROM announcement_deliveries d JOIN announcements a ON a.event = d.event AND a.subject = d.subject"
              + " WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND d.claimed_until <= ? AND d.sink IN (" + in + ")"
              + " ORDER BY d.next_attempt_at, a.announced_at LIMIT ?")) {
        bindDue(ps, now, sinks, limit - candidates.size());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Announcement a = new Announcement(rs.getString(1), rs.getString(2), rs.getString(5), rs.getString(6),
                Columns.fromMicros(rs.getLong(7)));
            candidates.add(new AlertDelivery(a, rs.getString(3), rs.getInt(4) + 1, UUID.randomUUID().toString()));
          }
        }
      }
    }
    return candidates;
  }

  private static void bindDue(PreparedStatement ps, Instant now, Collection<String> sinks, int limit) throws SQLException {
    int i = 1;
    ps.setLong(i++, Columns.micros(now));
    ps.setLong(i++, Columns.micros(now));
    for (String sink : sinks) {
      ps.setString(i++, sink);
    }
    ps.setInt(i, limit);
  }

  List<AlertDelivery> claim(Connection c, List<AlertDelivery> candidates, Instant now, Instant until) throws SQLException {
    List<AlertDelivery> claimed = new ArrayList<>(crossingRows.claim(c,
        candidates.stream().filter(d -> d.crossing() != null).toList(), now, until));
    claimed.addAll(announcementRows.claim(c, candidates.stream().filter(d -> d.announcement() != null).toList(), now, until));
    return claimed;
  }

  boolean markDelivered(Connection c, AlertDelivery d, Instant at) throws SQLException {
    return rowsOf(d).markDelivered(c, d, at);
  }

  boolean markFailed(Connection c, AlertDelivery d, String error, Instant retryAt) throws SQLException {
    return rowsOf(d).markFailed(c, d, error, retryAt);
  }

  private DeliveryRows rowsOf(AlertDelivery d) {
    return d.crossing() != null ? crossingRows : announcementRows;
  }

  List<AlertOutbox.DeliveryState> list(Connection c, String repository, long pr) throws SQLException {
    return crossingRows.list(c, new Object[] {repository == null ? "" : repository, pr},
        "CASE level WHEN 'warning' THEN 1 ELSE 2 END, sink");
  }

  /** Each crossing with its deliveries (a few dozen at most: one small indexed read each). */
  List<AlertOutbox.CrossingAlert> recentCrossings(Connection c, List<ThresholdCrossing> crossings) throws SQLException {
    List<AlertOutbox.CrossingAlert> out = new ArrayList<>();
    for (ThresholdCrossing x : crossings) {
      out.add(new AlertOutbox.CrossingAlert(x, crossingRows.list(c,
          new Object[] {x.repository(), x.prNumber(), x.level().wireName()}, "sink")));
    }
    return out;
  }

  List<AlertOutbox.DeliveryState> listAnnouncement(Connection c, String event, String subject) throws SQLException {
    return announcementRows.list(c, new Object[] {event, subject}, "sink");
  }

  /** Records a new announcement with its alerts pending; false when its (event, subject) is known. */
  boolean announce(Connection c, Announcement a) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO announcements (event, subject, text, body, announced_at,"
        + " alerts_pending) VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (event, subject) DO NOTHING")) {
      ps.setString(1, a.event());
      ps.setString(2, a.subject());
      ps.setString(3, a.text());
      ps.setString(4, a.body());
      ps.setLong(5, Columns.micros(a.at()));
      return ps.executeUpdate() == 1;
    }
  }

  List<Announcement> announcements(Connection c, String event, Instant from, Instant until, int limit) throws SQLException {
    List<String> where = new ArrayList<>();
    if (event != null) {
      where.add("event = ?");
    }
    if (from != null) {
      where.add("announced_at >= ?");
    }
    if (until != null) {
      where.add("announced_at < ?");
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT event, subject, text, body, announced_at FROM announcements"
        + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY announced_at DESC, event, subject LIMIT ?")) {
      int i = 1;
      if (event != null) {
        ps.setString(i++, event);
      }
      if (from != null) {
        ps.setLong(i++, Columns.micros(from));
      }
      if (until != null) {
        ps.setLong(i++, Columns.micros(until));
      }
      ps.setInt(i, Math.max(0, limit));
      List<Announcement> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Announcement(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              Columns.fromMicros(rs.getLong(5))));
        }
      }
      return out;
    }
  }
}
