package dev.cto.costs.collect;

import dev.cto.costs.domain.Usd;
import java.util.List;

/**
 * What happened to a request's records once committed.
 *
 * @param records one outcome per record, in request order
 */
public record IngestResult(int accepted, int duplicates, List<RecordOutcome> records) {

  /** The cost of the newly accepted records (duplicates were counted before). */
  public Usd acceptedCost() {
    Usd sum = Usd.ZERO;
    for (RecordOutcome r : records) {
      if (!r.duplicate()) {
        sum = sum.plus(r.cost());
      }
    }
    return sum;
  }

  public long unpricedAccepted() {
    return records.stream().filter(r -> !r.duplicate() && !r.priced()).count();
  }

  /**
   * @param duplicate true when the id was already stored (or earlier in the same batch): the
   *     record was not stored again
   */
  public record RecordOutcome(String id, String model, Usd cost, boolean priced, boolean duplicate) {}
}
