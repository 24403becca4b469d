package dev.cto.costs.analytics;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.CostCalculator;
import dev.cto.costs.domain.LongContextTier;
import dev.cto.costs.domain.ModelPrice;
import dev.cto.costs.domain.PrOutcome;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.PricingCatalog;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.TokenRates;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.domain.Usd;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated usage for the efficiency oracle: four agents on two repositories, cache reads and
 * writes, long-context requests, a price change in the middle of the range, an unpriced model, a
 * model without a cache-read price, records without a PR and records outside the range; and PR
 * outcomes (merged, merged without changed lines, closed, open, unknown). Records are priced the way
 * the collector prices them; the oracle never reads those prices back.
 */
final class EfficiencyData {

  static final LocalDate FROM = LocalDate.parse("2026-10-01");
  static final LocalDate TO = LocalDate.parse("2026-10-31");
  static final LocalDate PRICE_CHANGE = LocalDate.parse("2026-10-16");
  static final List<String> AGENTS = List.of("rex", "blaze", "cleo", "tess");
  static final List<String> REPOS = List.of("acme/app", "acme/lib");

  private EfficiencyData() {}

  static PricingCatalog catalog() {
    return new PricingCatalog(List.of(
        new ModelPrice("alpha", "anthropic", List.of(), null, rates("3", "15", "3.75", "6", "0.30"),
            new LongContextTier(200_000, rates("6", "22.5", "7.5", "12", "0.60"))),
        new ModelPrice("alpha", "anthropic", List.of(), PRICE_CHANGE, rates("2.5", "12.5", "3.125", "5", "0.25"),
            new LongContextTier(200_000, rates("5", "18.75", "6.25", "10", "0.5"))),
        new ModelPrice("beta", "openai", List.of(), null, rates("1.1", "4.4", null, null, null), null),
        new ModelPrice("gamma", "google", List.of(), null, rates("0.15", "0.6", null, null, "0.075"), null)));
  }

  /** The same catalog without gamma: its records cannot get savings from it. */
  static PricingCatalog catalogWithoutGamma() {
    return new PricingCatalog(catalog().entries().stream().filter(p -> !p.model().equals("gamma")).toList());
  }

  private static TokenRates rates(String in, String out, String write, String write1h, String read) {
    return new TokenRates(new BigDecimal(in), new BigDecimal(out), write == null ? null : new BigDecimal(write),
        write1h == null ? null : new BigDecimal(write1h), read == null ? null : new BigDecimal(read));
  }

  /** Unpriced records here are of the model no catalog knows. */
  static List<UsageRecord> records(long seed, int n) {
    Random random = new Random(seed);
    Instant start = FROM.minusDays(6).atStartOfDay(ZoneOffset.UTC).toInstant();
    long span = (TO.plusDays(6).toEpochDay() - FROM.minusDays(6).toEpochDay()) * 86_400L;
    List<UsageRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String agent = AGENTS.get(random.nextInt(AGENTS.size()));
      String repo = REPOS.get(random.nextInt(REPOS.size()));
      Long pr = random.nextInt(6) == 0 ? null : (long) (1 + random.nextInt(repo.equals("acme/app") ? 12 : 6));
      int iteration = 1 + random.nextInt(agent.equals("rex") ? 7 : 3);
      int m = random.nextInt(20);
      String model = m < 11 ? "alpha" : m < 15 ? "beta" : m < 18 ? "gamma" : "mystery";
      boolean longContext = model.equals("alpha") && random.nextInt(8) == 0;
      long cacheRead = random.nextInt(3) == 0 ? 0 : random.nextInt(120_000);
      if (longContext) {
        cacheRead = 190_000 + random.nextInt(60_000);
      }
      TokenCounts tokens = new TokenCounts(random.nextInt(6_000), random.nextInt(4_000),
          random.nextBoolean() ? 0 : random.nextInt(9_000), random.nextInt(5) == 0 ? random.nextInt(4_000) : 0, cacheRead);
      Instant at = start.plusSeconds((long) (random.nextDouble() * span));
      out.add(new UsageRecord("r" + i, new Attribution(repo, pr, agent, random.nextBoolean() ? "code" : "review",
          iteration, null), "claude", model, null, tokens, null, null, at, "test"));
    }
    return out;
  }

  /** As the collector prices: the price in force at the record's time, cost and savings fixed once. */
  static PricedUsage priced(UsageRecord r, PricingCatalog catalog) {
    return catalog.priceFor(r.model(), r.timestamp())
        .map(p -> new PricedUsage(r, p.provider(), CostCalculator.cost(p, r.tokens()), true,
            CostCalculator.cacheSavings(p, r.tokens())))
        .orElseGet(() -> new PricedUsage(r, null, Usd.ZERO, false, Usd.ZERO));
  }

  /** As a store before savings were recorded held them: cost fixed, savings unknown. */
  static PricedUsage pricedBeforeSavings(UsageRecord r, PricingCatalog catalog) {
    PricedUsage p = priced(r, catalog);
    return new PricedUsage(r, p.provider(), p.cost(), p.priced());
  }

  static List<PrOutcome> outcomes() {
    Instant t = Instant.parse("2026-11-20T00:00:00Z");
    List<PrOutcome> out = new ArrayList<>();
    for (long pr = 1; pr <= 4; pr++) {
      out.add(new PrOutcome("acme/app", pr, PrOutcome.State.MERGED, t, t, 40 * pr + 7, 13 * pr, t, t));
    }
    out.add(new PrOutcome("acme/app", 5, PrOutcome.State.CLOSED, null, t, 5, 1, t, t));
    out.add(new PrOutcome("acme/app", 6, PrOutcome.State.CLOSED, null, t, 0, 0, t, t));
    out.add(new PrOutcome("acme/app", 7, PrOutcome.State.OPEN, null, null, 90, 9, t, t));
    out.add(new PrOutcome("acme/app", 99, PrOutcome.State.MERGED, t, t, 1000, 1000, t, t)); // no usage
    out.add(new PrOutcome("acme/lib", 1, PrOutcome.State.MERGED, t, t, 250, 30, t, t));
    out.add(new PrOutcome("acme/lib", 2, PrOutcome.State.MERGED, t, t, 0, 0, t, t)); // no changed lines
    return out;
  }
}
