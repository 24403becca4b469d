package dev.cto.costs.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cto.costs.analytics.WhatIfReport.ModelLine;
import dev.cto.costs.analytics.WhatIfReport.UnpricedLine;
import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.LongContextTier;
import dev.cto.costs.domain.ModelPrice;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.PricingCatalog;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.TokenRates;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.CostQueries;
import dev.cto.costs.store.UsageStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The what-if against an oracle: generated records in a real store, and the expected answer
 * computed here, record by record, from a hand-written price table with BigDecimal (never with the
 * code under test). The table has every case the service must get right: aliases, case and
 * {@code provider/} prefixes, globs, a price change mid-period, long-context tiers whose threshold
 * changes mid-period, cache writes (5m and 1h) and reads with fallbacks, rates finer than a
 * nano-dollar per token, and records without a price. Runs on every backend (subclasses).
 */
abstract class WhatIfOracleContract<S extends UsageStore & CostQueries> {

  protected abstract S newEmptyStore() throws Exception;

  protected S store;
  private final List<PricedUsage> generated = new ArrayList<>();

  // ---- the oracle's price table: rates USD per million {input, output, cache write 5m, cache write 1h, cache read};
  //      null = not given (write falls back to input, 1h write to the 5m write, read to input)

  /** One dated price of the table; {@code threshold} null = no long-context tier. */
  private record Rate(LocalDate from, String[] base, Long threshold, String[] tier) {}

  private static final LocalDate CHANGE = LocalDate.parse("2026-10-15");

  private static final Map<String, List<Rate>> TABLE = Map.of(
      "opus-x", List.of(new Rate(null, r("15", "75", "18.75", "30", "1.5"), null, null)),
      "opus-y", List.of(new Rate(null, r("5", "25", "6.25", "10", "0.5"), null, null)),
      "sonnet-z", List.of(
          new Rate(null, r("3", "15", "3.75", "6", "0.3"), 200_000L, r("6", "22.5", "7.5", "12", "0.6")),
          new Rate(CHANGE, r("2.5", "12.5", null, null, "0.25"), 150_000L, r("5", "20", null, "9", "0.5"))),
      "haiku-h", List.of(
          new Rate(null, r("1", "5", "1.25", "2", "0.1"), null, null),
          new Rate(CHANGE.plusDays(5), r("0.8", "4", "1", null, "0.08"), null, null)),
      "fine-w", List.of(new Rate(null, r("0.0375", "0.15", null, null, "0.00375"), null, null)));

  /** Stored names and the table model each one is (the oracle's own alias rules); "mystery" has no price. */
  private static final Map<String, String> MODEL_OF = Map.of(
      "opus-x", "opus-x", "OPUS-X-2026", "opus-x", "anthropic/opus-x", "opus-x",
      "opus-y", "opus-y", "sonnet-z", "sonnet-z", "haiku-h", "haiku-h", "mystery", "mystery");

  private static String[] r(String... rates) {
    return rates;
  }

  /** The same table as the catalog the service reads (its input, not its logic). */
  private static PricingCatalog catalog() {
    List<ModelPrice> prices = new ArrayList<>();
    TABLE.forEach((model, rates) -> rates.forEach(rate -> prices.add(new ModelPrice(model, "test",
        model.equals("opus-x") ? List.of("opus-x-2026") : List.of(), rate.from(), rates(rate.base()),
        rate.threshold() == null ? null : new LongContextTier(rate.threshold(), rates(rate.tier()))))));
    return new PricingCatalog(prices);
  }

  private static TokenRates rates(String[] r) {
    return new TokenRates(new BigDecimal(r[0]), new BigDecimal(r[1]), r[2] == null ? null : new BigDecimal(r[2]),
        r[3] == null ? null : new BigDecimal(r[3]), r[4] == null ? null : new BigDecimal(r[4]));
  }

  /** The oracle's price of one record as {@code model}: per record, half-even to the nano-dollar. */
  private static BigDecimal oracleCost(String model, TokenCounts t, Instant at) {
    LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
    Rate rate = null;
    for (Rate candidate : TABLE.get(model)) {
      if (rate == null || candidate.from() != null && !candidate.from().isAfter(day)) {
        rate = candidate;
      }
    }
    long whole = t.input() + t.cacheWrite5m() + t.cacheWrite1h() + t.cacheRead();
    String[] p = rate.threshold() != null && whole > rate.threshold() ? rate.tier() : rate.base();
    BigDecimal input = new BigDecimal(p[0]);
    BigDecimal write = p[2] == null ? input : new BigDecimal(p[2]);
    BigDecimal write1h = p[3] == null ? write : new BigDecimal(p[3]);
    BigDecimal read = p[4] == null ? input : new BigDecimal(p[4]);
    BigDecimal sum = input.multiply(BigDecimal.valueOf(t.input()))
        .add(new BigDecimal(p[1]).multiply(BigDecimal.valueOf(t.output())))
        .add(write.multiply(BigDecimal.valueOf(t.cacheWrite5m())))
        .add(write1h.multiply(BigDecimal.valueOf(t.cacheWrite1h())))
        .add(read.multiply(BigDecimal.valueOf(t.cacheRead())));
    return sum.divide(BigDecimal.valueOf(1_000_000)).setScale(9, RoundingMode.HALF_EVEN);
  }

  private static boolean oracleLongContext(String model, TokenCounts t, Instant at) {
    LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
    Rate rate = null;
    for (Rate candidate : TABLE.get(model)) {
      if (rate == null || candidate.from() != null && !candidate.from().isAfter(day)) {
        rate = candidate;
      }
    }
    return rate.threshold() != null && t.input() + t.cacheWrite5m() + t.cacheWrite1h() + t.cacheRead() > rate.threshold();
  }

  @BeforeEach
  void generate() throws Exception {
    store = newEmptyStore();
    Random random = new Random(20261015);
    List<String> stored = List.of("opus-x", "OPUS-X-2026", "anthropic/opus-x", "opus-y", "sonnet-z", "haiku-h", "mystery");
    Instant start = Instant.parse("2026-10-01T00:00:00Z");
    for (int i = 0; i < 3_000; i++) {
      String model = stored.get(random.nextInt(stored.size()));
      Instant at = start.plusSeconds(random.nextInt(31 * 86_400)).plusNanos(random.nextInt(1000) * 1000L);
      // sizes around both thresholds (150k, 200k) and far below; cache writes of both lifetimes
      long read = random.nextInt(4) == 0 ? 140_000 + random.nextInt(80_000) : random.nextInt(30_000);
      TokenCounts tokens = new TokenCounts(random.nextInt(9_000) + 1, random.nextInt(4_000), random.nextInt(3) == 0 ? random.nextInt(20_000) : 0,
          random.nextInt(5) == 0 ? random.nextInt(9_000) : 0, read);
      String repo = random.nextInt(4) == 0 ? "acme/api" : "5dlabs/cto";
      String agent = List.of("rex", "blaze", "cleo").get(random.nextInt(3));
      long pr = 1 + random.nextInt(12);
      // some opus-x records were stored before their price existed
      boolean priced = !model.equals("mystery") && !(MODEL_OF.get(model).equals("opus-x") && random.nextInt(20) == 0);
      Usd cost = priced ? Usd.of(oracleCost(MODEL_OF.get(model), tokens, at)) : Usd.ZERO;
      UsageRecord record = new UsageRecord("r" + i, new Attribution(repo, pr, agent, "code", 1 + random.nextInt(3), null),
          "claude", model, null, tokens, null, null, at, "test");
      generated.add(new PricedUsage(record, "test", cost, priced));
    }
    for (int from = 0; from < generated.size(); from += 1000) {
      store.insert(generated.subList(from, Math.min(generated.size(), from + 1000)));
    }
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  private WhatIfService service() {
    return new WhatIfService(store, () -> CostSettings.of(catalog()));
  }

  /** A swap as the oracle understands it: which stored names it takes (hand-written) and the TO model. */
  private record Swap(String text, Predicate<String> takes, String to) {}

  /** Expected report: every record in scope, in Java, priced by the table above. */
  private void assertOracle(WhatIfReport report, Predicate<PricedUsage> inScope, List<Swap> swaps) {
    BigDecimal actual = BigDecimal.ZERO;
    BigDecimal whatif = BigDecimal.ZERO;
    long records = 0;
    long unpricedRecords = 0;
    Map<List<String>, long[]> counts = new LinkedHashMap<>();
    Map<List<String>, BigDecimal[]> money = new LinkedHashMap<>();
    Map<List<String>, long[]> unpriced = new LinkedHashMap<>();
    for (PricedUsage p : generated) {
      if (!inScope.test(p)) {
        continue;
      }
      records++;
      String stored = p.record().model();
      Swap swap = swaps.stream().filter(s -> s.takes().test(stored)).findFirst().orElse(null);
      if (!p.priced()) {
        unpricedRecords++;
        long[] u = unpriced.computeIfAbsent(Arrays.asList(stored, swap == null ? null : swap.to()), k -> new long[3]);
        u[0]++;
        u[1] += p.record().tokens().input();
        u[2] += p.record().tokens().output();
        continue;
      }
      BigDecimal stays = p.cost().toBigDecimal();
      actual = actual.add(stays);
      if (swap == null) {
        whatif = whatif.add(stays);
        continue;
      }
      BigDecimal as = oracleCost(swap.to(), p.record().tokens(), p.record().timestamp());
      whatif = whatif.add(as);
      List<String> key = List.of(MODEL_OF.get(stored), swap.to(), swap.text());
      long[] c = counts.computeIfAbsent(key, k -> new long[2]);
      c[0]++;
      c[1] += oracleLongContext(swap.to(), p.record().tokens(), p.record().timestamp()) ? 1 : 0;
      BigDecimal[] m = money.computeIfAbsent(key, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
      m[0] = m[0].add(stays);
      m[1] = m[1].add(as);
    }
    assertThat(report.scope().records()).isEqualTo(records);
    assertThat(report.scope().unpricedRecords()).isEqualTo(unpricedRecords);
    assertThat(report.actualCostUsd()).isEqualByComparingTo(actual);
    assertThat(report.whatifCostUsd()).isEqualByComparingTo(whatif);
    assertThat(report.differenceUsd()).isEqualByComparingTo(whatif.subtract(actual));
    List<String> expectedLines = new ArrayList<>();
    counts.forEach((k, c) -> {
      BigDecimal[] m = money.get(k);
      expectedLines.add(String.join(" ", k) + " " + c[0] + " " + c[1] + " " + m[0].stripTrailingZeros().toPlainString()
          + " " + m[1].stripTrailingZeros().toPlainString() + " " + m[1].subtract(m[0]).stripTrailingZeros().toPlainString());
    });
    assertThat(report.byModel()).extracting((Function<ModelLine, String>) l -> l.from() + " " + l.to() + " " + l.swap() + " "
            + l.records() + " " + l.longContextRecords() + " " + plain(l.actualCostUsd()) + " " + plain(l.whatifCostUsd())
            + " " + plain(l.differenceUsd()))
        .containsExactlyInAnyOrderElementsOf(expectedLines);
    assertThat(report.byModel()).isSortedAccordingTo(Comparator.comparing(ModelLine::actualCostUsd).reversed());
    List<String> expectedUnpriced = new ArrayList<>();
    unpriced.forEach((k, u) -> expectedUnpriced.add(k.get(0) + " " + k.get(1) + " " + u[0] + " " + u[1] + " " + u[2]));
    assertThat(report.unpriced()).extracting((Function<UnpricedLine, String>) u -> u.model() + " " + u.to() + " "
        + u.records() + " " + u.inputTokens() + " " + u.outputTokens())
        .containsExactlyInAnyOrderElementsOf(expectedUnpriced);
  }

  private static String plain(BigDecimal usd) {
    return usd.stripTrailingZeros().toPlainString();
  }

  private static LocalDate day(PricedUsage p) {
    return LocalDate.ofInstant(p.record().timestamp(), ZoneOffset.UTC);
  }

  private static WhatIfRequest request(String pr, String repo, String since, String until, String agent, String... models) {
    return WhatIfRequest.parse(pr, repo, since, until, agent, List.of(models), Clock.systemUTC());
  }

  /** A glob over every opus name onto a model whose long-context threshold and prices change mid-month. */
  @Test
  void aGlobOverAMonthOntoAModelWithLongContextTiersThatChange() {
    WhatIfReport report = service().whatIf(request(null, null, "2026-10-01", "2026-10-31", null, "opus-*=sonnet-z"));

    assertOracle(report, p -> true, List.of(new Swap("opus-*=sonnet-z", s -> MODEL_OF.get(s).startsWith("opus-"), "sonnet-z")));
    assertThat(report.byModel()).extracting(ModelLine::from).containsExactlyInAnyOrder("opus-x", "opus-y");
    assertThat(report.byModel()).allSatisfy(l -> assertThat(l.longContextRecords()).isPositive());
    assertThat(report.differenceUsd()).isNegative();
    // mystery matches no swap; each stored opus name has records stored before opus-x had a price
    assertThat(report.unpriced()).extracting(UnpricedLine::to).containsExactlyInAnyOrder(null, "sonnet-z", "sonnet-z", "sonnet-z");
  }

  /** One PR for one agent: an alias as FROM (any case), a TO whose price changes, and a TO priced below a nano-dollar per token. */
  @Test
  void onePrForOneAgentWithAnAliasAndRatesThatRoundPerRecord() {
    WhatIfReport report = service().whatIf(request("3", "5dlabs/cto", null, null, "rex", "Opus-X-2026=haiku-h", "opus-y=fine-w"));

    assertOracle(report, p -> p.attribution().repository().equals("5dlabs/cto") && p.attribution().prNumber() == 3
            && p.attribution().agent().equals("rex"),
        List.of(new Swap("Opus-X-2026=haiku-h", s -> MODEL_OF.get(s).equals("opus-x"), "haiku-h"),
            new Swap("opus-y=fine-w", s -> s.equals("opus-y"), "fine-w")));
    assertThat(report.scope().kind()).isEqualTo("pr");
    assertThat(report.byModel()).extracting(ModelLine::to).contains("haiku-h", "fine-w");
  }

  /** Days inside the month, one repository, one agent; the first matching swap wins; a reverse swap onto a model without tiers. */
  @Test
  void aPeriodForOneRepositoryAndAgentWithTwoSwaps() {
    WhatIfReport report = service().whatIf(request(null, "5dlabs/cto", "2026-10-10", "2026-10-24", "cleo",
        "anthropic/opus-x=fine-w", "opus-*=haiku-h", "sonnet-z=opus-x"));

    assertOracle(report, p -> p.attribution().repository().equals("5dlabs/cto") && p.attribution().agent().equals("cleo")
            && !day(p).isBefore(LocalDate.parse("2026-10-10")) && !day(p).isAfter(LocalDate.parse("2026-10-24")),
        List.of(new Swap("anthropic/opus-x=fine-w", s -> MODEL_OF.get(s).equals("opus-x"), "fine-w"),
            new Swap("opus-*=haiku-h", s -> MODEL_OF.get(s).startsWith("opus-"), "haiku-h"),
            new Swap("sonnet-z=opus-x", s -> s.equals("sonnet-z"), "opus-x")));
    assertThat(report.scope().from()).isEqualTo(LocalDate.parse("2026-10-10"));
    assertThat(report.byModel()).extracting(ModelLine::swap).doesNotContain("opus-*=haiku-h" + "x");
  }

  /** The dashboard offers these as TO: each catalog model once (by name, not alias), sorted, and each one is accepted. */
  @Test
  void theTargetsAreTheCatalogsModelsOnceEachAndEveryOneIsAValidTo() {
    List<String> targets = service().targets();
    assertThat(targets).isEqualTo(TABLE.keySet().stream().sorted().toList()).doesNotContain("opus-x-2026");
    for (String to : targets) {
      assertThat(service().whatIf(request(null, null, "2026-10-01", "2026-10-31", null, "opus-*=" + to)).scope().models())
          .containsExactly("opus-*=" + to);
    }
  }

  @Test
  void anUnknownToIsAnErrorNamingItWithNearNames() {
    assertThatThrownBy(() -> service().whatIf(request(null, null, "2026-10-01", "2026-10-31", null, "opus-*=sonet-z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model: TO 'sonet-z' (in opus-*=sonet-z) is not in the pricing catalog (did you mean sonnet-z?)");
  }

  @Test
  void anExactFromThatNothingKnowsIsAnErrorButAnUnpricedModelInScopeIsNot() {
    assertThatThrownBy(() -> service().whatIf(request(null, null, "2026-10-01", "2026-10-31", null, "misterry=haiku-h")))
        .hasMessage("model: FROM 'misterry' (in misterry=haiku-h) is not in the pricing catalog and no record in scope uses it"
            + " (did you mean mystery?)");

    WhatIfReport report = service().whatIf(request(null, null, "2026-10-01", "2026-10-31", null, "MYSTERY=haiku-h"));
    assertThat(report.byModel()).isEmpty();
    assertThat(report.differenceUsd()).isEqualByComparingTo("0");
    assertThat(report.unpriced()).filteredOn(u -> u.model().equals("mystery")).singleElement()
        .satisfies(u -> assertThat(u.to()).isEqualTo("haiku-h"));
  }
}
