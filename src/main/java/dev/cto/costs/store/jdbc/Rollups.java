package dev.cto.costs.store.jdbc;

import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.UsageRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Keeps {@code usage_daily} equal to a GROUP BY of {@code token_usage}, inside the caller's
 * transaction: new records are summed in Java per rollup key and upserted (one row per key, not
 * per record); updates and deletes rebuild the affected days from the records.
 */
final class Rollups {

  private record Key(
      int day, String repository, long pr, String agent, String stage, String model, String provider, int priced) {}

  /**
   * Upserts go in key order: replicas sharing one PostgreSQL then lock the rollup rows they both
   * touch in the same order, instead of deadlocking on batches that arrived in different orders.
   */
  private static final java.util.Comparator<Key> KEY_ORDER = java.util.Comparator.comparingInt(Key::day)
      .thenComparing(Key::repository).thenComparingLong(Key::pr).thenComparing(Key::agent)
      .thenComparing(Key::stage).thenComparing(Key::model).thenComparing(Key::provider)
      .thenComparingInt(Key::priced);

  private static final class Sums {
    long maxIteration, records, input, output, write5m, write1h, read, cost, savings, savingsUnknown;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
  }

  private static final String UPSERT =
      "INSERT INTO usage_daily (" + Columns.ROLLUP_KEY + ", " + Columns.ROLLUP_SUMS + ") VALUES "
          + Columns.tuple(20)
          + " ON CONFLICT (" + Columns.ROLLUP_KEY + ") DO UPDATE SET"
          + " max_iteration = CASE WHEN excluded.max_iteration > usage_daily.max_iteration"
          + "   THEN excluded.max_iteration ELSE usage_daily.max_iteration END,"
          + " records = usage_daily.records + excluded.records,"
          + " input_tokens = usage_daily.input_tokens + excluded.input_tokens,"
          + " output_tokens = usage_daily.output_tokens + excluded.output_tokens,"
          + " cache_write_5m_tokens = usage_daily.cache_write_5m_tokens + excluded.cache_write_5m_tokens,"
          + " cache_write_1h_tokens = usage_daily.cache_write_1h_tokens + excluded.cache_write_1h_tokens,"
          + " cache_read_tokens = usage_daily.cache_read_tokens + excluded.cache_read_tokens,"
          + " cost_nanos = usage_daily.cost_nanos + excluded.cost_nanos,"
          + " first_at = CASE WHEN excluded.first_at < usage_daily.first_at"
          + "   THEN excluded.first_at ELSE usage_daily.first_at END,"
          + " last_at = CASE WHEN excluded.last_at > usage_daily.last_at"
          + "   THEN excluded.last_at ELSE usage_daily.last_at END,"
          + " cache_savings_nanos = usage_daily.cache_savings_nanos + excluded.cache_savings_nanos,"
          + " savings_unknown = usage_daily.savings_unknown + excluded.savings_unknown";

  /** The rollup's savings columns as sums over records: known savings, and records without. */
  static final String SAVINGS_SUMS =
      "SUM(COALESCE(cache_savings_nanos, 0)), SUM(CASE WHEN cache_savings_nanos IS NULL THEN 1 ELSE 0 END)";

  private static final String REBUILD_SELECT =
      "SELECT usage_day, repository, COALESCE(pr_number, 0), agent, stage, model,"
          + " COALESCE(provider, ''), priced, MAX(iteration), COUNT(*), SUM(input_tokens),"
          + " SUM(output_tokens), SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens),"
          + " SUM(cache_read_tokens), SUM(cost_nanos), MIN(occurred_at), MAX(occurred_at),"
          + " " + SAVINGS_SUMS
          + " FROM token_usage WHERE usage_day IN (%s)"
          + " GROUP BY usage_day, repository, COALESCE(pr_number, 0), agent, stage, model,"
          + " COALESCE(provider, ''), priced";

  private Rollups() {}

  static void add(Connection c, List<PricedUsage> fresh) throws SQLException {
    if (fresh.isEmpty()) {
      return;
    }
    Map<Key, Sums> groups = new LinkedHashMap<>();
    for (PricedUsage p : fresh) {
      Sums s = groups.computeIfAbsent(keyOf(p), k -> new Sums());
      UsageRecord r = p.record();
      long at = Columns.micros(r.timestamp());
      s.maxIteration = Math.max(s.maxIteration, r.attribution().iteration());
      s.records++;
      s.input += r.tokens().input();
      s.output += r.tokens().output();
      s.write5m += r.tokens().cacheWrite5m();
      s.write1h += r.tokens().cacheWrite1h();
      s.read += r.tokens().cacheRead();
      s.cost += p.cost().nanos();
      if (p.cacheSavings() == null) {
        s.savingsUnknown++;
      } else {
        s.savings += p.cacheSavings().nanos();
      }
      s.first = Math.min(s.first, at);
      s.last = Math.max(s.last, at);
    }
    try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
      List<Map.Entry<Key, Sums>> ordered = new java.util.ArrayList<>(groups.entrySet());
      ordered.sort(Map.Entry.comparingByKey(KEY_ORDER));
      for (Map.Entry<Key, Sums> e : ordered) {
        Key k = e.getKey();
        Sums s = e.getValue();
        int i = 1;
        ps.setInt(i++, k.day());
        ps.setString(i++, k.repository());
        ps.setLong(i++, k.pr());
        ps.setString(i++, k.agent());
        ps.setString(i++, k.stage());
        ps.setString(i++, k.model());
        ps.setString(i++, k.provider());
        ps.setInt(i++, k.priced());
        for (long v : new long[] {s.maxIteration, s.records, s.input, s.output, s.write5m, s.write1h, s.read, s.cost, s.first, s.last, s.savings, s.savingsUnknown}) {
          ps.setLong(i++, v);
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Recomputes the rollup rows of these days from the records. */
  static void rebuildDays(Connection c, Collection<Integer> days) throws SQLException {
    if (days.isEmpty()) {
      return;
    }
    String in = days.stream().map(String::valueOf).collect(Collectors.joining(", "));
    try (var st = c.createStatement()) {
      st.executeUpdate("DELETE FROM usage_daily WHERE usage_day IN (" + in + ")");
      st.executeUpdate(
          "INSERT INTO usage_daily (" + Columns.ROLLUP_KEY + ", " + Columns.ROLLUP_SUMS + ") "
              + String.format(REBUILD_SELECT, in));
    }
  }

  /**
   * The whole rollup from the records in one GROUP BY: after a bulk load ({@link SqliteBulkLoad}),
   * where summing per batch would update the same rows once per batch.
   */
  static void rebuildAll(Connection c) throws SQLException {
    try (var st = c.createStatement()) {
      st.executeUpdate("DELETE FROM usage_daily");
      st.executeUpdate("INSERT INTO usage_daily (" + Columns.ROLLUP_KEY + ", " + Columns.ROLLUP_SUMS + ") "
          + REBUILD_SELECT.replace(" WHERE usage_day IN (%s)", ""));
    }
  }

  private static Key keyOf(PricedUsage p) {
    UsageRecord r = p.record();
    var a = r.attribution();
    return new Key(
        Columns.epochDay(r.timestamp()),
        a.repository() == null ? "" : a.repository(),
        a.prNumber() == null ? 0 : a.prNumber(),
        a.agent(),
        a.stage(),
        r.model(),
        p.provider() == null ? "" : p.provider(),
        p.priced() ? 1 : 0);
  }
}
