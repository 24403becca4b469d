package dev.cto.costs.analytics;

import dev.cto.costs.domain.Usd;
import dev.cto.costs.report.Numbers;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The PR kinds: each agent's PRs dated in the scope against that agent's PRs dated in the
 * {@value AnomalyRule#PR_WINDOW_DAYS} days before (in every repository: an agent's usual is its
 * own, wherever it works). A baseline depends only on the agent and the date, so PRs sharing a
 * date share one {@link Baseline} per kind, built once: at 10M records an agent has ~60 PRs a day
 * against ~1,800 in its window, and sorting those for every PR was most of the report's time
 * (docs/benchmarks.md, "Analytics at 10M records").
 */
final class PrAnomalies {

  private PrAnomalies() {}

  /**
   * The baselines of one (agent, date): null for a kind not asked for, or when the window holds
   * fewer than {@value AnomalyRule#MIN_PRS} PRs (no verdict).
   */
  private record Usual(Baseline cost, Baseline iterations) {
    static final Usual NONE = new Usual(null, null);
  }

  static List<Anomaly> find(List<PrWork> works, AnalyticsScope scope, boolean cost, boolean iterations) {
    Map<String, List<PrWork>> byAgent = works.stream().collect(Collectors.groupingBy(PrWork::agent));
    List<Anomaly> found = new ArrayList<>();
    for (List<PrWork> agentWorks : byAgent.values()) {
      agentWorks.sort(Comparator.comparing(PrWork::date));
      Map<LocalDate, Usual> usuals = new HashMap<>();
      for (PrWork w : agentWorks) {
        if (!inScope(w, scope)) {
          continue;
        }
        Usual usual = usuals.computeIfAbsent(w.date(), d -> usual(agentWorks, d, cost, iterations));
        if (usual.cost() != null) {
          check(w, usual.cost(), w.costNanos(), AnomalyKind.PR_COST, found);
        }
        if (usual.iterations() != null) {
          check(w, usual.iterations(), w.iterations(), AnomalyKind.ITERATION_LOOP, found);
        }
      }
    }
    return found;
  }

  private static Usual usual(List<PrWork> sorted, LocalDate date, boolean cost, boolean iterations) {
    List<PrWork> before = between(sorted, date.minusDays(AnomalyRule.PR_WINDOW_DAYS), date);
    if (before.size() < AnomalyRule.MIN_PRS) {
      return Usual.NONE; // too few PRs to know what is usual: no verdict
    }
    return new Usual(cost ? baseline(before, PrWork::costNanos) : null,
        iterations ? baseline(before, PrWork::iterations) : null);
  }

  private static Baseline baseline(List<PrWork> works, ToLongFunction<PrWork> measure) {
    return Baseline.of(works.stream().mapToLong(measure).toArray());
  }

  private static boolean inScope(PrWork w, AnalyticsScope scope) {
    return !w.date().isBefore(scope.from()) && !w.date().isAfter(scope.to())
        && (scope.repository() == null || scope.repository().equals(w.repository()))
        && (scope.agent() == null || scope.agent().equals(w.agent()));
  }

  /** The works dated from {@code from} (inclusive) to {@code until} (exclusive); the list is sorted by date. */
  private static List<PrWork> between(List<PrWork> sorted, LocalDate from, LocalDate until) {
    int lo = firstOnOrAfter(sorted, from);
    int hi = firstOnOrAfter(sorted, until);
    return sorted.subList(lo, hi);
  }

  private static int firstOnOrAfter(List<PrWork> sorted, LocalDate day) {
    int lo = 0;
    int hi = sorted.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted.get(mid).date().isBefore(day)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static void check(PrWork w, Baseline baseline, long value, AnomalyKind kind, List<Anomaly> found) {
    double score = baseline.scoreOf(value);
    if (!AnomalyRule.isAnomaly(kind, baseline, value, score)) {
      return;
    }
    boolean money = kind == AnomalyKind.PR_COST;
    BigDecimal shownValue = money ? Usd.ofNanos(value).toBigDecimal() : BigDecimal.valueOf(value);
    BigDecimal shownBaseline = money ? baseline.median().movePointLeft(9).setScale(9, RoundingMode.HALF_EVEN) : baseline.median();
    String pr = Explanations.pr(w.repository(), w.pr());
    String sentence = money
        ? w.agent() + " spent " + Numbers.dollars(shownValue) + " on " + pr + ", " + Explanations.times(baseline.ratio(value))
            + " its usual " + Numbers.dollars(shownBaseline)
        : w.agent() + " ran " + value + " iterations on " + pr + ", " + Explanations.times(baseline.ratio(value))
            + " its usual " + shownBaseline.stripTrailingZeros().toPlainString();
    sentence += " (median of " + baseline.count() + " PRs in the " + AnomalyRule.PR_WINDOW_DAYS + " days before)";
    found.add(new Anomaly(kind.wireName(), w.repository(), w.pr(), w.agent(), null, w.date(), shownValue, shownBaseline,
        Explanations.score(score), sentence));
  }
}
