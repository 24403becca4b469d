package dev.cto.costs.collect;

import dev.cto.costs.domain.CostCalculator;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.store.CostQueries;
import dev.cto.costs.store.UsageStore;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the records stored before cache savings were recorded (schema V5) their savings, priced
 * like {@code costs reprice} prices: with the current catalog's price in force at each record's
 * time, long-context rates included. A record whose model has no price now keeps unknown savings
 * (reports show them as unknown, never as zero). Run by {@code costs reprice} and, in the
 * background, when {@code costs serve} starts; a store without such records costs one small query.
 */
public final class CacheSavingsBackfill {

  private static final Logger LOG = LoggerFactory.getLogger(CacheSavingsBackfill.class);

  /** @param filled records that got their savings; @param stillUnknown records left without (no price now) */
  public record Result(long filled, long stillUnknown) {}

  private final UsageStore store;
  private final CostQueries queries;
  private final Supplier<CostSettings> settings;

  public CacheSavingsBackfill(UsageStore store, CostQueries queries, Supplier<CostSettings> settings) {
    this.store = store;
    this.queries = queries;
    this.settings = settings;
  }

  public Result run() {
    long unknown = queries.unknownCacheSavingsRecords();
    if (unknown == 0) {
      return new Result(0, 0);
    }
    LOG.info("filling in the cache savings of {} records stored before savings were recorded", unknown);
    CostSettings current = settings.get();
    long filled = store.fillCacheSavings(p -> current.catalog().priceFor(p.record().model(), p.record().timestamp())
        .map(price -> CostCalculator.cacheSavings(price, p.record().tokens()))
        .orElse(null));
    long left = queries.unknownCacheSavingsRecords();
    if (left > 0) {
      LOG.warn("cache savings filled in for {} records; {} keep unknown savings: their model has no price in the"
          + " current config (add it, then run `cto-cli costs reprice`)", filled, left);
    } else {
      LOG.info("cache savings filled in for {} records", filled);
    }
    return new Result(filled, left);
  }
}
