package dev.cto.costs.store.jdbc;

import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.BudgetLedger.Claim;
import dev.cto.costs.store.BudgetLedger.Decision;
import dev.cto.costs.store.BudgetLedger.Granted;
import dev.cto.costs.store.BudgetLedger.Lease;
import dev.cto.costs.store.BudgetLedger.PrSpend;
import dev.cto.costs.store.BudgetLedger.Refused;
import dev.cto.costs.store.BudgetLedger.SpendScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Budget spend (summed from the daily rollup) and the tables {@code budget_locks} and {@code
 * budget_reservations}. A reservation's decision reads spend and live reservations in ONE
 * statement, after taking its keys' lock rows: a record stored concurrently is then either in the
 * spend or its settled reservation is still counted, never neither.
 */
final class Reservations {

  /** A settled reservation stops counting once a usage record with its record id exists. */
  private static final String LIVE =
      " expires_at > ? AND (record_id IS NULL OR NOT EXISTS (SELECT 1 FROM token_usage t WHERE t.id = r.record_id))";

  private static final String LOCK =
      "INSERT INTO budget_locks (budget_key, touched_at) VALUES (?, ?)"
          + " ON CONFLICT (budget_key) DO UPDATE SET touched_at = excluded.touched_at";

  private static final Duration STALE_LOCKS = Duration.ofDays(1);

  Usd spent(Connection c, SpendScope scope) throws SQLException {
    List<Object> params = new ArrayList<>();
    String sql = "SELECT COALESCE(SUM(cost_nanos), 0) FROM usage_daily" + where(scope, params, null);
    try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return Usd.ofNanos(rs.getLong(1));
    }
  }

  List<PrSpend> spentPerPr(Connection c, SpendScope scope, int limit) throws SQLException {
    List<Object> params = new ArrayList<>();
    String sql = "SELECT repository, pr_number, SUM(cost_nanos) FROM usage_daily"
        + where(scope, params, "pr_number > 0")
        + " GROUP BY repository, pr_number ORDER BY SUM(cost_nanos) DESC, repository, pr_number"
        + (limit > 0 ? " LIMIT " + limit : "");
    List<PrSpend> out = new ArrayList<>();
    try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new PrSpend(rs.getString(1), rs.getLong(2), Usd.ofNanos(rs.getLong(3))));
      }
    }
    return out;
  }

  List<PrSpend> prsSpentAtLeast(Connection c, SpendScope scope, Usd atLeast) throws SQLException {
    List<Object> params = new ArrayList<>();
    String sql = "SELECT repository, pr_number, SUM(cost_nanos) FROM usage_daily"
        + where(scope, params, "pr_number > 0")
        + " GROUP BY repository, pr_number HAVING SUM(cost_nanos) >= ? ORDER BY repository, pr_number";
    params.add(atLeast.nanos());
    List<PrSpend> out = new ArrayList<>();
    try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new PrSpend(rs.getString(1), rs.getLong(2), Usd.ofNanos(rs.getLong(3))));
      }
    }
    return out;
  }

  Map<String, Usd> reserved(Connection c, String keyPrefix, Instant now) throws SQLException {
    String sql = "SELECT budget_key, SUM(amount_nanos) FROM budget_reservations r"
        + " WHERE substr(budget_key, 1, ?) = ? AND" + LIVE + " GROUP BY budget_key ORDER BY budget_key";
    Map<String, Usd> out = new LinkedHashMap<>();
    try (PreparedStatement ps = prepare(c, sql, List.of(keyPrefix.length(), keyPrefix, Columns.micros(now)));
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), Usd.ofNanos(rs.getLong(2)));
      }
    }
    return out;
  }

  Decision reserve(Connection c, String id, List<Claim> claims, Usd amount, Instant now, Instant expiresAt)
      throws SQLException {
    long nowMicros = Columns.micros(now);
    lock(c, claims.stream().map(Claim::key).toList(), nowMicros);
    for (Claim claim : claims) {
      long[] seen = spentAndReserved(c, claim, nowMicros);
      if (Math.addExact(Math.addExact(seen[0], seen[1]), amount.nanos()) > claim.limit().nanos()) {
        return new Refused(claim, Usd.ofNanos(seen[0]), Usd.ofNanos(seen[1]));
      }
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO budget_reservations (reservation_id, budget_key, amount_nanos, record_id, created_at, expires_at)"
            + " VALUES (?, ?, ?, NULL, ?, ?)")) {
      for (String key : new TreeSet<>(claims.stream().map(Claim::key).toList())) {
        ps.setString(1, id);
        ps.setString(2, key);
        ps.setLong(3, amount.nanos());
        ps.setLong(4, nowMicros);
        ps.setLong(5, Columns.micros(expiresAt));
        ps.addBatch();
      }
      ps.executeBatch();
    }
    return new Granted(id);
  }

  Lease lease(Connection c, String id, Claim claim, Usd amount, boolean grow, Instant now, Instant expiresAt) throws SQLException {
    long nowMicros = Columns.micros(now);
    lock(c, List.of(claim.key()), nowMicros);
    // spend, the others' live reservations and this lease's own live amount, in one snapshot
    List<Object> params = new ArrayList<>();
    String spent = "SELECT COALESCE(SUM(cost_nanos), 0) FROM usage_daily" + where(claim.scope(), params, null);
    String others = "SELECT COALESCE(SUM(amount_nanos), 0) FROM budget_reservations r WHERE budget_key = ?"
        + " AND reservation_id <> ? AND" + LIVE;
    String own = "SELECT COALESCE(SUM(amount_nanos), 0) FROM budget_reservations r WHERE budget_key = ?"
        + " AND reservation_id = ? AND" + LIVE;
    params.addAll(List.of(claim.key(), id, nowMicros, claim.key(), id, nowMicros));
    long[] seen = new long[3];
    try (PreparedStatement ps = prepare(c, "SELECT (" + spent + "), (" + others + "), (" + own + ")", params);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      for (int i = 0; i < 3; i++) {
        seen[i] = rs.getLong(i + 1);
      }
    }
    Usd spentUsd = Usd.ofNanos(seen[0]);
    Usd othersUsd = Usd.ofNanos(seen[1]);
    if ((grow || amount.nanos() > seen[2]) && Math.addExact(Math.addExact(seen[0], seen[1]), amount.nanos()) > claim.limit().nanos()) {
      return new Lease(false, spentUsd, othersUsd);
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO budget_reservations (reservation_id, budget_key, amount_nanos, record_id, created_at, expires_at)"
            + " VALUES (?, ?, ?, NULL, ?, ?) ON CONFLICT (reservation_id, budget_key) DO UPDATE"
            + " SET amount_nanos = excluded.amount_nanos, expires_at = excluded.expires_at, record_id = NULL")) {
      ps.setString(1, id);
      ps.setString(2, claim.key());
      ps.setLong(3, amount.nanos());
      ps.setLong(4, nowMicros);
      ps.setLong(5, Columns.micros(expiresAt));
      ps.executeUpdate();
    }
    return new Lease(true, spentUsd, othersUsd);
  }

  boolean settle(Connection c, String id, Usd actual, String recordId, Instant expiresAt) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE budget_reservations SET amount_nanos = ?, record_id = ?, expires_at = ? WHERE reservation_id = ?")) {
      ps.setLong(1, actual.nanos());
      ps.setString(2, recordId);
      ps.setLong(3, Columns.micros(expiresAt));
      ps.setString(4, id);
      return ps.executeUpdate() > 0;
    }
  }

  java.util.Optional<dev.cto.costs.store.BudgetLedger.Held> reservation(Connection c, String id) throws SQLException {
    List<String> keys = new ArrayList<>();
    long amount = 0;
    String recordId = null;
    long expires = 0;
    try (PreparedStatement ps = c.prepareStatement("SELECT budget_key, amount_nanos, record_id, expires_at"
        + " FROM budget_reservations WHERE reservation_id = ? ORDER BY budget_key")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(rs.getString(1));
          amount = rs.getLong(2);
          recordId = rs.getString(3);
          expires = rs.getLong(4);
        }
      }
    }
    return keys.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(new dev.cto.costs.store.BudgetLedger.Held(
        id, keys, Usd.ofNanos(amount), recordId, Columns.fromMicros(expires)));
  }

  boolean release(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM budget_reservations WHERE reservation_id = ?")) {
      ps.setString(1, id);
      return ps.executeUpdate() > 0;
    }
  }

  int purge(Connection c, Instant now) throws SQLException {
    int deleted;
    try (PreparedStatement ps = c.prepareStatement(
        "DELETE FROM budget_reservations WHERE expires_at <= ? OR (record_id IS NOT NULL"
            + " AND EXISTS (SELECT 1 FROM token_usage t WHERE t.id = budget_reservations.record_id))")) {
      ps.setLong(1, Columns.micros(now));
      deleted = ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM budget_locks WHERE touched_at < ?")) {
      ps.setLong(1, Columns.micros(now.minus(STALE_LOCKS)));
      ps.executeUpdate();
    }
    return deleted;
  }

  /** Takes the keys' lock rows in one order (sorted), so two reservers never deadlock. */
  private static void lock(Connection c, Collection<String> keys, long nowMicros) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(LOCK)) {
      for (String key : new TreeSet<>(keys)) {
        ps.setString(1, key);
        ps.setLong(2, nowMicros);
        ps.executeUpdate();
      }
    }
  }

  /** Spend and live reservations of a claim, read in one statement (one snapshot). */
  private static long[] spentAndReserved(Connection c, Claim claim, long nowMicros) throws SQLException {
    List<Object> params = new ArrayList<>();
    String spent = "SELECT COALESCE(SUM(cost_nanos), 0) FROM usage_daily" + where(claim.scope(), params, null);
    params.add(claim.key());
    params.add(nowMicros);
    String reserved = "SELECT COALESCE(SUM(amount_nanos), 0) FROM budget_reservations r WHERE budget_key = ? AND" + LIVE;
    try (PreparedStatement ps = prepare(c, "SELECT (" + spent + "), (" + reserved + ")", params);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2)};
    }
  }

  /** The scope as a WHERE clause over the daily rollup (its bounds must be UTC midnights). */
  static String where(SpendScope s, List<Object> params, String extra) {
    List<String> conditions = new ArrayList<>();
    if (s.repository() != null) {
      conditions.add("repository = ?");
      params.add(s.repository());
    }
    if (s.prNumber() != null) {
      conditions.add("pr_number = ?");
      params.add(s.prNumber());
    }
    if (s.agent() != null) {
      conditions.add("agent = ?");
      params.add(s.agent());
    }
    if (s.teamRepositories() != null) {
      List<String> either = new ArrayList<>();
      if (!s.teamRepositories().isEmpty()) {
        either.add("repository IN (" + placeholders(s.teamRepositories().size()) + ")");
        params.addAll(new TreeSet<>(s.teamRepositories()));
      }
      if (!s.teamAgents().isEmpty()) {
        either.add("agent IN (" + placeholders(s.teamAgents().size()) + ")");
        params.addAll(new TreeSet<>(s.teamAgents()));
      }
      conditions.add(either.isEmpty() ? "1 = 0" : "(" + String.join(" OR ", either) + ")");
    }
    if (s.modelLike() != null) {
      conditions.add("LOWER(model) LIKE ? ESCAPE '\\'");
      params.add(s.modelLike());
    }
    if (s.from() != null) {
      conditions.add("usage_day >= ?");
      params.add(day(s.from()));
    }
    if (s.until() != null) {
      conditions.add("usage_day < ?");
      params.add(day(s.until()));
    }
    if (extra != null) {
      conditions.add(extra);
    }
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  private static int day(Instant bound) {
    if (!Columns.isMidnight(bound)) {
      throw new IllegalArgumentException("a budget period starts and ends on a UTC midnight, not " + bound);
    }
    return Columns.epochDay(bound);
  }

  private static String placeholders(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  private static PreparedStatement prepare(Connection c, String sql, List<Object> params) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    try {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      return ps;
    } catch (SQLException e) {
      ps.close();
      throw e;
    }
  }
}
