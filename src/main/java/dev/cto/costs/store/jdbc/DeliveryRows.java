package dev.cto.costs.store.jdbc;

import dev.cto.costs.store.AlertDelivery;
import dev.cto.costs.store.AlertOutbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * The claim, settle and inspect statements of one deliveries table ({@code alert_deliveries},
 * {@code announcement_deliveries}): the tables differ only in the columns naming the alert, so
 * one set of conditional updates serves both, and a delivery is claimed and settled the same way
 * whatever it announces.
 */
final class DeliveryRows {

  private final String table;
  private final List<String> keyColumns;
  private final Function<AlertDelivery, Object[]> keyOf;
  private final String keyMatch;

  /** @param keyOf the key column values of a delivery's alert, in {@code keyColumns} order */
  DeliveryRows(String table, List<String> keyColumns, Function<AlertDelivery, Object[]> keyOf) {
    this.table = table;
    this.keyColumns = keyColumns;
    this.keyOf = keyOf;
    this.keyMatch = " " + String.join(" = ? AND ", keyColumns) + " = ? AND sink = ?";
  }

  /** A pending delivery due at {@code now}, unless this alert already has one for the sink. */
  int create(Connection c, Object[] key, Collection<String> sinks, Instant now) throws SQLException {
    String columns = String.join(", ", keyColumns);
    String marks = "?, ".repeat(keyColumns.size());
    int created = 0;
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " (" + columns
        + ", sink, status, attempts, next_attempt_at, claimed_until) VALUES (" + marks + "?, 'pending', 0, ?, 0)"
        + " ON CONFLICT (" + columns + ", sink) DO NOTHING")) {
      for (String sink : sinks) {
        int i = bind(insert, 1, key);
        insert.setString(i++, sink);
        insert.setLong(i, Columns.micros(now));
        created += insert.executeUpdate();
      }
    }
    return created;
  }

  /** Takes each candidate with an UPDATE that only succeeds while it is pending and unclaimed. */
  List<AlertDelivery> claim(Connection c, List<AlertDelivery> candidates, Instant now, Instant until) throws SQLException {
    List<AlertDelivery> claimed = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("UPDATE " + table
        + " SET claimed_by = ?, claimed_until = ?, attempts = attempts + 1 WHERE" + keyMatch
        + " AND status = 'pending' AND claimed_until <= ?")) {
      for (AlertDelivery d : candidates) {
        ps.setString(1, d.claim());
        ps.setLong(2, Columns.micros(until));
        int i = bindKey(ps, 3, d);
        ps.setLong(i, Columns.micros(now));
        if (ps.executeUpdate() == 1) {
          claimed.add(d);
        }
      }
    }
    return claimed;
  }

  boolean markDelivered(Connection c, AlertDelivery d, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE " + table
        + " SET status = 'done', delivered_at = ?, claimed_until = 0, last_error = NULL WHERE" + keyMatch
        + " AND claimed_by = ? AND status = 'pending'")) {
      ps.setLong(1, Columns.micros(at));
      int i = bindKey(ps, 2, d);
      ps.setString(i, d.claim());
      return ps.executeUpdate() == 1;
    }
  }

  boolean markFailed(Connection c, AlertDelivery d, String error, Instant retryAt) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE " + table
        + " SET status = ?, next_attempt_at = ?, claimed_until = 0, last_error = ? WHERE" + keyMatch
        + " AND claimed_by = ? AND status = 'pending'")) {
      ps.setString(1, retryAt == null ? "failed" : "pending");
      ps.setLong(2, retryAt == null ? 0 : Columns.micros(retryAt));
      ps.setString(3, error == null ? null : error.length() > 500 ? error.substring(0, 500) : error);
      int i = bindKey(ps, 4, d);
      ps.setString(i, d.claim());
      return ps.executeUpdate() == 1;
    }
  }

  /** The deliveries whose key starts with {@code keyPrefix}, in the order given. */
  List<AlertOutbox.DeliveryState> list(Connection c, Object[] keyPrefix, String orderBy) throws SQLException {
    StringBuilder where = new StringBuilder();
    for (int k = 0; k < keyPrefix.length; k++) {
      where.append(k == 0 ? " WHERE " : " AND ").append(keyColumns.get(k)).append(" = ?");
    }
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT sink, status, attempts, last_error FROM " + table + where + " ORDER BY " + orderBy)) {
      bind(ps, 1, keyPrefix);
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

  private int bindKey(PreparedStatement ps, int first, AlertDelivery d) throws SQLException {
    int i = bind(ps, first, keyOf.apply(d));
    ps.setString(i, d.sink());
    return i + 1;
  }

  private static int bind(PreparedStatement ps, int first, Object[] values) throws SQLException {
    int i = first;
    for (Object v : values) {
      if (v instanceof Long n) {
        ps.setLong(i++, n);
      } else {
        ps.setString(i++, (String) v);
      }
    }
    return i;
  }
}
