package dev.cto.costs.collect;

import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.CostQueries;
import dev.cto.costs.store.CostUpdate;
import dev.cto.costs.store.UsageFilter;
import dev.cto.costs.store.UsageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Recomputes stored costs with the current catalog: after a missing model got a price (unpriced
 * records), or after a price was corrected ({@code all}). Streams the records and writes changes
 * in chunks, so memory stays bounded whatever the table size.
 *
 * <p>A priced record never loses its price without {@code force}: a config that lacks models (a
 * price import that replaced the built-in catalog, say) would otherwise silently turn correct costs
 * into "unpriced". Without {@code force} a first pass only counts; if any record would lose its
 * price, nothing is written and the count is returned for the caller to show.
 */
public final class RepriceService {

  private static final int CHUNK = 5_000;

  /**
   * What a reprice changed, or would change when {@code applied} is false.
   *
   * @param changed records whose cost, provider, priced state or cache savings changed (savings unknown
   *     before counts as a change: a reprice fills them)
   * @param losingPrice priced records that have no price in the current config, per model
   * @param stillUnpriced records that still have no price, per model
   * @param costBefore the stored cost of the examined records
   * @param costAfter their cost at the current prices
   */
  public record RepriceResult(long examined, long newlyPriced, long changed, Map<String, Long> losingPrice,
      Map<String, Long> stillUnpriced, Usd costBefore, Usd costAfter, boolean applied) {

    public long losingPriceCount() {
      return losingPrice.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final UsageStore store;
  private final CostQueries queries;
  private final Supplier<CostSettings> settings;

  public RepriceService(UsageStore store, CostQueries queries, Supplier<CostSettings> settings) {
    this.store = store;
    this.queries = queries;
    this.settings = settings;
  }

  /** Reprices, refusing (nothing written) when a priced record would lose its price. */
  public RepriceResult reprice(boolean all) {
    return reprice(all, false);
  }

  /** @param force also turn priced records unpriced (their model has no price in the config now) */
  public RepriceResult reprice(boolean all, boolean force) {
    if (!force) {
      RepriceResult plan = pass(all, false, false);
      if (!plan.losingPrice().isEmpty()) {
        return plan;
      }
    }
    return pass(all, true, force);
  }

  /** What {@link #reprice} would change, writing nothing. */
  public RepriceResult preview(boolean all) {
    return pass(all, false, true);
  }

  private RepriceResult pass(boolean all, boolean write, boolean mayUnprice) {
    CostSettings current = settings.get();
    long[] counts = new long[3]; // examined, newly priced, changed
    Usd[] cost = {Usd.ZERO, Usd.ZERO};
    Map<String, Long> losingPrice = new TreeMap<>();
    Map<String, Long> stillUnpriced = new TreeMap<>();
    List<CostUpdate> changes = new ArrayList<>();
    queries.forEachRecord(UsageFilter.ALL.withPriced(all ? null : false), stored -> {
      counts[0]++;
      PricedUsage now = Pricer.price(stored.record(), current);
      if (!now.priced()) {
        (stored.priced() ? losingPrice : stillUnpriced).merge(stored.record().model(), 1L, Long::sum);
        if (stored.priced() && !mayUnprice) {
          cost[0] = cost[0].plus(stored.cost());
          cost[1] = cost[1].plus(stored.cost());
          return; // keeps its price (a record priced between the count and this pass)
        }
      }
      cost[0] = cost[0].plus(stored.cost());
      cost[1] = cost[1].plus(now.cost());
      if (now.priced() != stored.priced() || !now.cost().equals(stored.cost())
          || !Objects.equals(now.provider(), stored.provider())
          || !Objects.equals(now.cacheSavings(), stored.cacheSavings())) {
        if (now.priced() && !stored.priced()) {
          counts[1]++;
        }
        counts[2]++;
        if (write) {
          changes.add(new CostUpdate(stored.id(), now.provider(), now.cost(), now.priced(), now.cacheSavings()));
          if (changes.size() == CHUNK) {
            // the store reads and writes on separate connections (WAL snapshot / pool), so a
            // chunk can commit while the cursor streams on
            store.updateCosts(changes);
            changes.clear();
          }
        }
      }
    });
    if (write) {
      store.updateCosts(changes);
    }
    return new RepriceResult(counts[0], counts[1], counts[2], losingPrice, stillUnpriced, cost[0], cost[1], write);
  }
}
