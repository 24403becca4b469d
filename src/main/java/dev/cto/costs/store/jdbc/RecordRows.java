package dev.cto.costs.store.jdbc;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.InvalidRecordException;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.RecordField;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.UsageFilter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads stored records back into {@link PricedUsage}, exactly as they were written. A row stored
 * before the record rules existed (a control character in a name, an over-long value, a
 * repository that is not {@code owner/name}) is read with its strings repaired rather than refused:
 * it was acknowledged, so an export, a reprice or a report must still see it. Its tokens and cost
 * are never changed.
 */
final class RecordRows {

  private static final Logger LOG = LoggerFactory.getLogger(RecordRows.class);
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private RecordRows() {}

  /** SELECT of every record column for a filter, ordered by time then id; params in {@code out}. */
  static String select(UsageFilter filter, List<Object> out) {
    String where = FilterSql.where(filter, false, out);
    return "SELECT " + Columns.USAGE + " FROM token_usage" + where + " ORDER BY occurred_at, id";
  }

  static PricedUsage map(ResultSet rs) throws SQLException {
    try {
      return map(rs, (field, value) -> value);
    } catch (InvalidRecordException e) {
      if (WARNED.compareAndSet(false, true)) {
        LOG.warn("stored record {} breaks today's record rules ({}): read with its strings repaired; "
            + "rows stored before the rules existed may hold more such values", rs.getString(1), e.getMessage());
      }
      return map(rs, RecordField::repair);
    }
  }

  /** The row as a record, each string passed through {@code strings} (the field's rule, or none). */
  private static PricedUsage map(ResultSet rs, Repair strings) throws SQLException {
    String repository = rs.getString(2);
    long pr = rs.getLong(3);
    Long prNumber = rs.wasNull() ? null : pr;
    Attribution attribution =
        new Attribution(
            strings.apply(RecordField.REPOSITORY, repository.isEmpty() ? null : repository), prNumber,
            required(strings.apply(RecordField.AGENT, rs.getString(4))),
            required(strings.apply(RecordField.STAGE, rs.getString(5))),
            rs.getInt(6), strings.apply(RecordField.TASK_ID, rs.getString(7)));
    TokenCounts tokens =
        new TokenCounts(rs.getLong(11), rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getLong(15));
    String provider = strings.apply(RecordField.PROVIDER, rs.getString(10));
    UsageRecord record =
        new UsageRecord(
            strings.apply(RecordField.ID, rs.getString(1)), attribution, strings.apply(RecordField.CLI, rs.getString(8)),
            required(strings.apply(RecordField.MODEL, rs.getString(9))), provider, tokens,
            strings.apply(RecordField.SESSION_ID, rs.getString(18)),
            strings.apply(RecordField.REQUEST_ID, rs.getString(19)), Columns.fromMicros(rs.getLong(21)),
            strings.apply(RecordField.SOURCE, rs.getString(20)));
    long savingsNanos = rs.getLong(24);
    Usd savings = rs.wasNull() ? null : Usd.ofNanos(savingsNanos); // null: stored before savings were recorded
    return new PricedUsage(record, provider, Usd.ofNanos(rs.getLong(16)), rs.getInt(17) == 1, savings);
  }

  /** A required name that no repair could save (it was blank) reads as {@code unknown}. */
  private static String required(String value) {
    return value == null ? "unknown" : value;
  }

  @FunctionalInterface
  private interface Repair {
    String apply(RecordField field, String value);
  }
}
