package dev.cto.costs.analytics;

import dev.cto.costs.domain.PrOutcome;
import dev.cto.costs.domain.UsageRecord;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The efficiency report computed the slow, obvious way from the generated records: its own price
 * table, BigDecimal for every amount, one pass per group, percentiles by sorting. It shares nothing
 * with the code under test but the report's record types.
 */
final class EfficiencyOracle {

  /** Prices per million tokens: input, output, cache write 5m, cache write 1h, cache read (fallbacks applied). */
  private record Rates(BigDecimal[] perMillion) {
    static Rates of(String in, String out, String write, String write1h, String read) {
      BigDecimal i = new BigDecimal(in);
      BigDecimal w = write == null ? i : new BigDecimal(write);
      return new Rates(new BigDecimal[] {i, new BigDecimal(out), w, write1h == null ? w : new BigDecimal(write1h),
          read == null ? i : new BigDecimal(read)});
    }
  }

  private record Price(LocalDate from, Rates base, long threshold, Rates longContext) {}

  private static final Map<String, List<Price>> PRICES = Map.of(
      "alpha", List.of(
          new Price(LocalDate.MIN, Rates.of("3", "15", "3.75", "6", "0.30"), 200_000, Rates.of("6", "22.5", "7.5", "12", "0.60")),
          new Price(EfficiencyData.PRICE_CHANGE, Rates.of("2.5", "12.5", "3.125", "5", "0.25"), 200_000,
              Rates.of("5", "18.75", "6.25", "10", "0.5"))),
      "beta", List.of(new Price(LocalDate.MIN, Rates.of("1.1", "4.4", null, null, null), Long.MAX_VALUE, null)),
      "gamma", List.of(new Price(LocalDate.MIN, Rates.of("0.15", "0.6", null, null, "0.075"), Long.MAX_VALUE, null)));

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  /** One record as the oracle sees it: exact cost and savings (null: unknown), or unpriced. */
  private record Line(UsageRecord r, boolean priced, BigDecimal cost, BigDecimal savings) {
    String prKey() {
      return r.attribution().repository() + "#" + r.attribution().prNumber();
    }

    boolean hasPr() {
      return r.attribution().prNumber() != null;
    }
  }

  private final List<Line> lines = new ArrayList<>();
  private final Map<String, PrOutcome> outcomes = new TreeMap<>();

  /**
   * @param savingsUnknown records whose savings the store does not know (stored before they were recorded)
   */
  EfficiencyOracle(List<UsageRecord> records, List<PrOutcome> outcomes, AnalyticsScope scope, Predicate<UsageRecord> savingsUnknown) {
    for (UsageRecord r : records) {
      LocalDate day = LocalDate.ofInstant(r.timestamp(), ZoneOffset.UTC);
      if (day.isBefore(scope.from()) || day.isAfter(scope.to())
          || (scope.repository() != null && !scope.repository().equals(r.attribution().repository()))
          || (scope.agent() != null && !scope.agent().equals(r.attribution().agent()))) {
        continue;
      }
      List<Price> history = PRICES.get(r.model());
      if (history == null) {
        lines.add(new Line(r, false, BigDecimal.ZERO, BigDecimal.ZERO));
        continue;
      }
      Price price = history.stream().filter(p -> !p.from().isAfter(day)).max(Comparator.comparing(Price::from)).orElseThrow();
      var t = r.tokens();
      long wholeInput = t.input() + t.cacheWrite5m() + t.cacheWrite1h() + t.cacheRead();
      BigDecimal[] rate = (wholeInput > price.threshold() ? price.longContext() : price.base()).perMillion();
      long[] counts = {t.input(), t.output(), t.cacheWrite5m(), t.cacheWrite1h(), t.cacheRead()};
      BigDecimal cost = BigDecimal.ZERO;
      for (int k = 0; k < 5; k++) {
        cost = cost.add(rate[k].multiply(BigDecimal.valueOf(counts[k])));
      }
      BigDecimal savings = BigDecimal.valueOf(t.cacheRead()).multiply(rate[0].subtract(rate[4]));
      lines.add(new Line(r, true, nano(cost.divide(MILLION)),
          savingsUnknown.test(r) ? null : nano(savings.divide(MILLION))));
    }
    outcomes.forEach(o -> this.outcomes.put(o.repository() + "#" + o.prNumber(), o));
  }

  List<AgentEfficiency> agents() {
    Set<String> names = new java.util.TreeSet<>();
    lines.forEach(l -> names.add(l.r().attribution().agent()));
    List<AgentEfficiency> out = new ArrayList<>();
    for (String name : names) {
      out.add(group(name, lines.stream().filter(l -> l.r().attribution().agent().equals(name)).toList(), true));
    }
    out.sort(Comparator.comparing((AgentEfficiency a) -> a.costPerPrUsd().mean(), Comparator.nullsLast(Comparator.reverseOrder()))
        .thenComparing(AgentEfficiency::costUsd, Comparator.reverseOrder()).thenComparing(AgentEfficiency::agent));
    return out;
  }

  AgentEfficiency totals() {
    return group(null, lines, false);
  }

  List<ModelEfficiency> models() {
    Map<List<String>, List<Line>> byModel = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
        .thenComparing(k -> k.get(1)));
    for (Line l : lines) {
      String provider = l.priced() ? providerOf(l.r().model()) : "";
      byModel.computeIfAbsent(List.of(l.r().model(), provider), k -> new ArrayList<>()).add(l);
    }
    List<ModelEfficiency> out = new ArrayList<>();
    byModel.forEach((key, ls) -> out.add(new ModelEfficiency(key.get(0), key.get(1).isEmpty() ? null : key.get(1), ls.size(),
        plain(sum(ls, Line::cost)), hitRatio(ls), savings(ls))));
    out.sort(Comparator.comparing(ModelEfficiency::costUsd, Comparator.reverseOrder()).thenComparing(ModelEfficiency::model));
    return out;
  }

  private static String providerOf(String model) {
    return switch (model) {
      case "alpha" -> "anthropic";
      case "beta" -> "openai";
      default -> "google";
    };
  }

  /**
   * @param perAgent the group is one agent: a PR's iterations are its highest there; else the sum
   *     over the PR's agents of each one's highest
   */
  private AgentEfficiency group(String agent, List<Line> ls, boolean perAgent) {
    Map<String, List<Line>> byPr = new TreeMap<>();
    ls.stream().filter(Line::hasPr).forEach(l -> byPr.computeIfAbsent(l.prKey(), k -> new ArrayList<>()).add(l));
    List<BigDecimal> prCosts = new ArrayList<>();
    long iterations = 0;
    BigDecimal onPrs = BigDecimal.ZERO;
    boolean anyOutcome = false;
    long merged = 0;
    BigDecimal mergedCost = BigDecimal.ZERO;
    long mergedLines = 0;
    BigDecimal closedCost = BigDecimal.ZERO;
    for (Map.Entry<String, List<Line>> pr : byPr.entrySet()) {
      BigDecimal c = sum(pr.getValue(), Line::cost);
      prCosts.add(c);
      onPrs = onPrs.add(c);
      Map<String, Integer> highest = new TreeMap<>();
      pr.getValue().forEach(l -> highest.merge(l.r().attribution().agent(), l.r().attribution().iteration(), Math::max));
      iterations += highest.values().stream().mapToLong(Integer::longValue).sum();
      PrOutcome o = outcomes.get(pr.getKey());
      if (o != null) {
        anyOutcome = true;
        if (o.state() == PrOutcome.State.MERGED) {
          merged++;
          mergedCost = mergedCost.add(c);
          mergedLines += o.additions() + o.deletions();
        } else if (o.state() == PrOutcome.State.CLOSED) {
          closedCost = closedCost.add(c);
        }
      }
    }
    assert perAgent || agent == null;
    prCosts.sort(null);
    int n = prCosts.size();
    CostPerPr perPr = n == 0 ? new CostPerPr(null, null, null, null)
        : new CostPerPr(div(onPrs, n), plain(prCosts.get(rank(0.5, n))), plain(prCosts.get(rank(0.9, n))), plain(prCosts.get(n - 1)));
    List<Line> priced = ls.stream().filter(Line::priced).toList();
    BigDecimal pricedCost = sum(priced, Line::cost);
    long pricedOutput = priced.stream().mapToLong(l -> l.r().tokens().output()).sum();
    return new AgentEfficiency(agent, n, ls.size(), iterations, plain(sum(ls, Line::cost)), perPr,
        iterations == 0 ? null : div(onPrs, iterations),
        n == 0 ? null : plain(BigDecimal.valueOf(iterations).divide(BigDecimal.valueOf(n), 6, RoundingMode.HALF_EVEN)),
        hitRatio(ls), savings(ls),
        pricedCost.signum() == 0 ? null
            : plain(BigDecimal.valueOf(pricedOutput).divide(pricedCost, 6, RoundingMode.HALF_EVEN)),
        anyOutcome ? merged : null,
        anyOutcome && merged > 0 ? div(mergedCost, merged) : null,
        anyOutcome ? plain(closedCost) : null,
        anyOutcome && mergedLines > 0 ? div(mergedCost, mergedLines) : null);
  }

  /** Nearest rank: the ⌈q·n⌉-th smallest, as a 0-based index. */
  private static int rank(double q, int n) {
    return BigDecimal.valueOf(q).multiply(BigDecimal.valueOf(n)).setScale(0, RoundingMode.CEILING).intValueExact() - 1;
  }

  private static BigDecimal savings(List<Line> ls) {
    if (ls.stream().anyMatch(l -> l.savings() == null)) {
      return null;
    }
    return plain(sum(ls, Line::savings));
  }

  private static BigDecimal hitRatio(List<Line> ls) {
    long read = ls.stream().mapToLong(l -> l.r().tokens().cacheRead()).sum();
    long all = ls.stream().mapToLong(l -> l.r().tokens().wholeInput()).sum();
    return all == 0 ? BigDecimal.ZERO
        : plain(BigDecimal.valueOf(read).divide(BigDecimal.valueOf(all), 6, RoundingMode.HALF_EVEN));
  }

  private static BigDecimal sum(List<Line> ls, java.util.function.Function<Line, BigDecimal> f) {
    return ls.stream().map(f).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static BigDecimal div(BigDecimal amount, long n) {
    return plain(amount.divide(BigDecimal.valueOf(n), 9, RoundingMode.HALF_EVEN));
  }

  private static BigDecimal nano(BigDecimal usd) {
    return usd.setScale(9, RoundingMode.HALF_EVEN);
  }

  private static BigDecimal plain(BigDecimal v) {
    BigDecimal s = v.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }
}
