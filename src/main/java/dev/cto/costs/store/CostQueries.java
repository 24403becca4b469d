package dev.cto.costs.store;

import dev.cto.costs.domain.PricedUsage;
import java.util.Collection;
import dev.cto.costs.domain.Usd;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
   * A number that moves after a write is committed to the store by anyone (this process, another
   * replica, a CLI import or reprice) and stays put while nothing is; it says nothing about what
   * changed. Cheap enough to ask every second: no table is read. A store that cannot tell answers
   * a constant.
   */
  default long changeMarker() {
    return 0;
  }

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

  /**
   * The rows of {@link #aggregate(UsageFilter, List, int)} in no particular order, for callers that
   * fold them into groups of their own: it spares the database sorting the groups by cost.
   */
  default List<GroupTotals> aggregateUnordered(UsageFilter filter, List<Dimension> groupBy) {
    return aggregate(filter, groupBy, 0);
  }

  /**
   * Per (repository, PR, agent) of the filtered work that has a PR: its cost, highest iteration and
   * first UTC day, in no particular order. The same figures as {@code aggregate(filter, REPOSITORY,
   * PR, AGENT)} (this default), which sums thirteen columns of every row; the stores answer it with
   * three, from an index when the filter is day-aligned (docs/benchmarks.md, "Analytics at 10M
   * records").
   */
  default List<PrAgentWork> prAgentWork(UsageFilter filter) {
    List<PrAgentWork> works = new ArrayList<>();
    for (GroupTotals g : aggregateUnordered(filter, List.of(Dimension.REPOSITORY, Dimension.PR, Dimension.AGENT))) {
      if (g.pr(1) != null) {
        works.add(new PrAgentWork(g.string(0), g.pr(1), g.string(2), g.firstAt().atZone(ZoneOffset.UTC).toLocalDate(),
            g.cost(), g.maxIteration()));
      }
    }
    return works;
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
