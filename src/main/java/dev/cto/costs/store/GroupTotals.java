package dev.cto.costs.store;

import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.Usd;
import java.time.Instant;
import java.util.List;

/**
 * One row of an aggregation: the group's key (one value per requested {@link Dimension}, typed as
 * documented there) and its sums.
 *
 * @param unpricedRecords how many of {@code records} have no price (their cost is 0)
 * @param maxIteration the highest iteration number among the group's records
 * @param firstAt earliest record timestamp in the group
 * @param lastAt latest record timestamp in the group
 * @param cacheSavings what caching saved, summed over the records whose savings are known
 * @param unknownSavingsRecords records of the group whose savings are not known yet (stored
 *     before they were recorded); while any of them has priced cache reads, the group's savings
 *     are incomplete
 */
public record GroupTotals(
    List<Object> key,
    long records,
    long unpricedRecords,
    TokenCounts tokens,
    Usd cost,
    int maxIteration,
    Instant firstAt,
    Instant lastAt,
    Usd cacheSavings,
    long unknownSavingsRecords) {

  public GroupTotals {
    key = key == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(key));
  }

  /**
   * This group and {@code other} summed as one group under this group's key: what a coarser
   * GROUP BY would have returned for both (sums added, highest iteration and time span combined).
   */
  public GroupTotals plus(GroupTotals other) {
    return new GroupTotals(key, Math.addExact(records, other.records), Math.addExact(unpricedRecords, other.unpricedRecords),
        tokens.plus(other.tokens), cost.plus(other.cost), Math.max(maxIteration, other.maxIteration),
        earliest(firstAt, other.firstAt), latest(lastAt, other.lastAt), cacheSavings.plus(other.cacheSavings),
        Math.addExact(unknownSavingsRecords, other.unknownSavingsRecords));
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null ? b : b == null || a.isBefore(b) ? a : b;
  }

  private static Instant latest(Instant a, Instant b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }

  public String string(int i) {
    return (String) key.get(i);
  }

  public Long pr(int i) {
    return (Long) key.get(i);
  }
}
