package dev.cto.costs.store;

import dev.cto.costs.domain.PricedUsage;
import java.util.Collection;
import dev.cto.costs.domain.Usd;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The read side every report goes through. Aggregations run in the database ({@code GROUP BY} over
 * indexed columns or rollups), never by loading rows into Java.
 */
public interface CostQueries {

  /**
   * Sums the filtered records grouped by {@code groupBy} (no dimensions: one row of grand totals,
   * with zero records when nothing matched). Rows are ordered by cost descending, then by key.
   *
   * @param limit at most this many rows; 0 for all
   */
  List<GroupTotals> aggregate(UsageFilter filter, List<Dimension> groupBy, int limit);

  default List<GroupTotals> aggregate(UsageFilter filter, Dimension... groupBy) {
    return aggregate(filter, List.of(groupBy), 0);
  }

  default GroupTotals totals(UsageFilter filter) {
    return aggregate(filter, List.of(), 0).get(0);
  }

  /** How many stored records have no cache savings figure yet (see {@link UsageStore#fillCacheSavings}). */
  long unknownCacheSavingsRecords();

  /**
   * Sums the filtered records of the given models (names as stored) per UTC day, model and priced
   * flag, split by whether each record's whole input (input + cache writes + cache reads) is above
   * {@code wholeInputAbove} tokens. Keys: DAY ({@link java.time.LocalDate}), MODEL (String),
   * PRICED (Boolean), then Boolean "above". Why: a long-context price applies to a record by its
   * own size, which the daily rollup has summed away; these sums price such tiers exactly without
   * reading the records into Java. Rows are unordered; no models, no rows.
   */
  List<GroupTotals> aggregateBySize(UsageFilter filter, Collection<String> models, long wholeInputAbove);

  /**
   * Spend per UTC day of the filtered records, oldest first; days without records are left out.
   * The costs of {@code aggregate(filter, DAY)} for a fraction of its work: a forecast reads a year
   * of days and needs nothing but their spend.
   */
  default SortedMap<LocalDate, Usd> dailyCost(UsageFilter filter) {
    SortedMap<LocalDate, Usd> days = new TreeMap<>();
    for (GroupTotals day : aggregate(filter, Dimension.DAY)) {
      days.put((LocalDate) day.key().get(0), day.cost());
    }
    return days;
  }

  /**
   * Streams the filtered records ordered by timestamp then id, without holding them all in memory.
   */
  void forEachRecord(UsageFilter filter, Consumer<PricedUsage> sink);
}
