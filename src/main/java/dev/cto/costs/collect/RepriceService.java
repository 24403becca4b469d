package dev.cto.costs.collect;

import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.store.CostQueries;
import dev.cto.costs.store.CostUpdate;
import dev.cto.costs.store.UsageFilter;
import dev.cto.costs.store.UsageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Recomputes stored costs with the current catalog: after a missing model got a price (unpriced
 * records), or after a price was corrected ({@code all}). Streams the records and writes changes
 * in chunks, so memory stays bounded whatever the table size.
 */
public final class RepriceService {

  private static final int CHUNK = 5_000;

  /**
   * @param stillUnpriced records that still have no price, per model
   */
  public record RepriceResult(long examined, long newlyPriced, long changed, Map<String, Long> stillUnpriced) {}

  private final UsageStore store;
  private final CostQueries queries;
  private final Supplier<CostSettings> settings;

  public RepriceService(UsageStore store, CostQueries queries, Supplier<CostSettings> settings) {
    this.store = store;
    this.queries = queries;
    this.settings = settings;
  }

  public RepriceResult reprice(boolean all) {
    CostSettings current = settings.get();
    long[] examined = {0};
    long[] newlyPriced = {0};
    Map<String, Long> stillUnpriced = new TreeMap<>();
    List<CostUpdate> changes = new ArrayList<>();
    long[] changed = {0};
    queries.forEachRecord(UsageFilter.ALL.withPriced(all ? null : false), stored -> {
      examined[0]++;
      PricedUsage now = Pricer.price(stored.record(), current);
      if (!now.priced()) {
        stillUnpriced.merge(stored.record().model(), 1L, Long::sum);
      }
      if (now.priced() != stored.priced() || !now.cost().equals(stored.cost())
          || !java.util.Objects.equals(now.provider(), stored.provider())) {
        if (now.priced() && !stored.priced()) {
          newlyPriced[0]++;
        }
        changes.add(new CostUpdate(stored.id(), now.provider(), now.cost(), now.priced()));
        if (changes.size() == CHUNK) {
          // the store reads and writes on separate connections (WAL snapshot / pool), so a
          // chunk can commit while the cursor streams on
          changed[0] += store.updateCosts(changes);
          changes.clear();
        }
      }
    });
    changed[0] += store.updateCosts(changes);
    return new RepriceResult(examined[0], newlyPriced[0], changed[0], stillUnpriced);
  }
}
