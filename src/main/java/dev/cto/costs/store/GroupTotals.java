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

  public String string(int i) {
    return (String) key.get(i);
  }

  public Long pr(int i) {
    return (Long) key.get(i);
  }
}
