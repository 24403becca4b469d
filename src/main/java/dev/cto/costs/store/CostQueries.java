package dev.cto.costs.store;

import dev.cto.costs.domain.PricedUsage;
import java.util.List;
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

  /**
   * Streams the filtered records ordered by timestamp then id, without holding them all in memory.
   */
  void forEachRecord(UsageFilter filter, Consumer<PricedUsage> sink);
}
