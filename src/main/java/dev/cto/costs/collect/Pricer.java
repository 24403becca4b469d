package dev.cto.costs.collect;

import dev.cto.costs.domain.CostCalculator;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.ModelPrice;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.domain.Usd;
import java.util.Optional;

/** Prices a record with the catalog in force: unknown models stay, unpriced, with every token. */
final class Pricer {

  private Pricer() {}

  static PricedUsage price(UsageRecord record, CostSettings settings) {
    UsageRecord withRepository = record;
    if (record.attribution().repository() == null && settings.defaultRepository() != null) {
      var a = record.attribution();
      withRepository =
          new UsageRecord(
              record.id(),
              new dev.cto.costs.domain.Attribution(
                  settings.defaultRepository(), a.prNumber(), a.agent(), a.stage(), a.iteration(), a.taskId()),
              record.cli(), record.model(), record.provider(), record.tokens(), record.sessionId(),
              record.requestId(), record.timestamp(), record.source());
    }
    Optional<ModelPrice> price = settings.catalog().priceFor(record.model(), record.timestamp());
    if (price.isEmpty()) {
      return new PricedUsage(withRepository, record.provider(), Usd.ZERO, false, Usd.ZERO);
    }
    String provider = record.provider() != null ? record.provider() : price.get().provider();
    return new PricedUsage(withRepository, provider, CostCalculator.cost(price.get(), record.tokens()), true,
        CostCalculator.cacheSavings(price.get(), record.tokens()));
  }
}
