package dev.cto.costs.store.jdbc;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.UsageFilter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Reads stored records back into {@link PricedUsage}, exactly as they were written. */
final class RecordRows {

  private RecordRows() {}

  /** SELECT of every record column for a filter, ordered by time then id; params in {@code out}. */
  static String select(UsageFilter filter, List<Object> out) {
    String where = FilterSql.where(filter, false, out);
    return "SELECT " + Columns.USAGE + " FROM token_usage" + where + " ORDER BY occurred_at, id";
  }

  static PricedUsage map(ResultSet rs) throws SQLException {
    String repository = rs.getString(2);
    long pr = rs.getLong(3);
    Long prNumber = rs.wasNull() ? null : pr;
    Attribution attribution =
        new Attribution(
            repository.isEmpty() ? null : repository, prNumber, rs.getString(4), rs.getString(5),
            rs.getInt(6), rs.getString(7));
    TokenCounts tokens =
        new TokenCounts(rs.getLong(11), rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getLong(15));
    String provider = rs.getString(10);
    UsageRecord record =
        new UsageRecord(
            rs.getString(1), attribution, rs.getString(8), rs.getString(9), provider, tokens,
            rs.getString(18), rs.getString(19), Columns.fromMicros(rs.getLong(21)), rs.getString(20));
    return new PricedUsage(record, provider, Usd.ofNanos(rs.getLong(16)), rs.getInt(17) == 1);
  }
}
