package dev.cto.costs.store.jdbc;

import dev.cto.costs.domain.PrOutcome;
import dev.cto.costs.store.PrOutcomes.PrKey;
import dev.cto.costs.store.UsageFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The pr_outcomes table. Writes are upserts guarded by GitHub's updated_at in the statement itself,
 * so concurrent writers (webhook, sync, replicas) cannot put an older state over a newer one.
 * Reads join the usage in SQL: the daily rollup when the filter is day-aligned, the records otherwise.
 */
final class Outcomes {

  private static final String COLUMNS =
      "repository, pr_number, state, merged_at, closed_at, additions, deletions, updated_at, synced_at";

  private static final String UPSERT =
      "INSERT INTO pr_outcomes (" + COLUMNS + ") VALUES " + Columns.tuple(9)
          + " ON CONFLICT (repository, pr_number) DO UPDATE SET state = excluded.state,"
          + " merged_at = excluded.merged_at, closed_at = excluded.closed_at, additions = excluded.additions,"
          + " deletions = excluded.deletions, updated_at = excluded.updated_at, synced_at = excluded.synced_at"
          + " WHERE pr_outcomes.updated_at < excluded.updated_at"
          + " OR (pr_outcomes.updated_at = excluded.updated_at AND (pr_outcomes.state <> excluded.state"
          + " OR COALESCE(pr_outcomes.merged_at, -1) <> COALESCE(excluded.merged_at, -1)"
          + " OR COALESCE(pr_outcomes.closed_at, -1) <> COALESCE(excluded.closed_at, -1)"
          + " OR pr_outcomes.additions <> excluded.additions OR pr_outcomes.deletions <> excluded.deletions))";

  int save(Connection c, Collection<PrOutcome> outcomes) throws SQLException {
    int written = 0;
    try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
      for (PrOutcome o : outcomes) {
        ps.setString(1, o.repository());
        ps.setLong(2, o.prNumber());
        ps.setString(3, o.state().wireName());
        setMicros(ps, 4, o.mergedAt());
        setMicros(ps, 5, o.closedAt());
        ps.setLong(6, o.additions());
        ps.setLong(7, o.deletions());
        ps.setLong(8, Columns.micros(o.updatedAt()));
        ps.setLong(9, Columns.micros(o.syncedAt()));
        written += ps.executeUpdate();
      }
    }
    return written;
  }

  Optional<PrOutcome> find(Connection c, String repository, long prNumber) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM pr_outcomes WHERE repository = ? AND pr_number = ?")) {
      ps.setString(1, repository);
      ps.setLong(2, prNumber);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    }
  }

  List<PrOutcome> withUsage(Connection c, UsageFilter filter) throws SQLException {
    List<Object> params = new ArrayList<>();
    String sql = withUsageSql(filter, params);
    List<PrOutcome> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(map(rs));
        }
      }
    }
    return out;
  }

  /**
   * The outcomes of the PRs with usage matching the filter; its parameters are appended to {@code
   * params}. The EXISTS runs once per stored outcome: on the rollup it is one seek in {@code
   * idx_daily_pr (repository, pr_number, usage_day)} (migration V10), not a read of the PR's rows.
   */
  static String withUsageSql(UsageFilter filter, List<Object> params) {
    return "SELECT " + COLUMNS + " FROM pr_outcomes o WHERE EXISTS (SELECT 1 FROM " + usageTable(filter)
        + where(filter, params, "repository = o.repository AND pr_number = o.pr_number")
        + ") ORDER BY repository, pr_number";
  }

  List<PrKey> needingSync(Connection c, UsageFilter filter) throws SQLException {
    List<Object> params = new ArrayList<>();
    boolean rollup = usesRollup(filter);
    String usage = "SELECT repository, pr_number, MAX(" + (rollup ? "last_at" : "occurred_at") + ") AS last_at FROM "
        + usageTable(filter) + where(filter, params, "repository <> '' AND pr_number > 0")
        + " GROUP BY repository, pr_number";
    String sql = "SELECT p.repository, p.pr_number FROM (" + usage + ") p"
        + " LEFT JOIN pr_outcomes o ON o.repository = p.repository AND o.pr_number = p.pr_number"
        + " WHERE o.state IS NULL OR o.state = 'open' OR (o.state = 'closed' AND p.last_at > o.closed_at)"
        + " ORDER BY p.repository, p.pr_number";
    List<PrKey> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new PrKey(rs.getString(1), rs.getLong(2)));
        }
      }
    }
    return out;
  }

  /** The rollup answers day-aligned filters (every analytics scope) without touching the records. */
  private static boolean usesRollup(UsageFilter filter) {
    return (filter.from() == null || Columns.isMidnight(filter.from()))
        && (filter.until() == null || Columns.isMidnight(filter.until()));
  }

  private static String usageTable(UsageFilter filter) {
    return usesRollup(filter) ? "usage_daily" : "token_usage";
  }

  private static String where(UsageFilter filter, List<Object> params, String condition) {
    String where = FilterSql.where(filter, usesRollup(filter), params);
    return where.isEmpty() ? " WHERE " + condition : where + " AND " + condition;
  }

  private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      ps.setObject(i + 1, params.get(i));
    }
  }

  private static PrOutcome map(ResultSet rs) throws SQLException {
    return new PrOutcome(rs.getString(1), rs.getLong(2), PrOutcome.State.ofWireName(rs.getString(3)),
        micros(rs, 4), micros(rs, 5), rs.getLong(6), rs.getLong(7), micros(rs, 8), micros(rs, 9));
  }

  private static Instant micros(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Columns.fromMicros(v);
  }

  private static void setMicros(PreparedStatement ps, int index, Instant t) throws SQLException {
    if (t == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, Columns.micros(t));
    }
  }
}
