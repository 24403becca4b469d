package dev.cto.costs.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.ToLongFunction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link PrAnomalies} builds one baseline per (agent, date, kind) and reuses it for every PR of
 * that date. These tests hold it to the definition computed the slow way: for every PR in scope,
 * its own baseline from the agent's PRs dated in the 30 days before, as the report did before the
 * cache. Any mix-up of agents, dates, kinds or window bounds changes the list.
 */
class PrAnomaliesTest {

  private static final LocalDate FIRST = LocalDate.parse("2026-08-01");
  private static final List<String> AGENTS = List.of("rex", "blaze", "cleo");
  private static final List<String> REPOS = List.of("o/a", "o/b");

  /** What identifies a verdict and its numbers; the sentence is built from these. */
  private record Verdict(String kind, String subject, LocalDate date, java.math.BigDecimal value,
      java.math.BigDecimal baseline, java.math.BigDecimal score) {

    static Verdict of(Anomaly a) {
      return new Verdict(a.kind(), a.subject(), a.date(), a.value().stripTrailingZeros(),
          a.baseline().stripTrailingZeros(), a.score());
    }
  }

  @Property(tries = 300)
  void sharedBaselinesGiveWhatEachPrsOwnBaselineGives(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 80) int scopeStart, @ForAll @IntRange(min = 0, max = 60) int scopeDays,
      @ForAll @IntRange(min = 0, max = 3) int narrowing, @ForAll @IntRange(min = 0, max = 2) int kinds) {
    List<PrWork> works = works(new Random(seed), 400);
    AnalyticsScope scope = new AnalyticsScope(FIRST.plusDays(scopeStart), FIRST.plusDays(scopeStart + scopeDays),
        (narrowing & 1) == 0 ? null : "o/a", (narrowing & 2) == 0 ? null : "rex");
    boolean cost = kinds != 2;
    boolean iterations = kinds != 1;

    assertThat(verdicts(PrAnomalies.find(new ArrayList<>(works), scope, cost, iterations)))
        .containsExactlyInAnyOrderElementsOf(reference(works, scope, cost, iterations));
  }

  /** The property above only means something if the data produces verdicts: here it does, of both kinds. */
  @Test
  void generatedHistoriesHoldAnomaliesOfBothKinds() {
    List<PrWork> works = works(new Random(42), 400);
    AnalyticsScope scope = new AnalyticsScope(FIRST.plusDays(30), FIRST.plusDays(99), null, null);

    List<Verdict> found = verdicts(PrAnomalies.find(new ArrayList<>(works), scope, true, true));

    assertThat(found).containsExactlyInAnyOrderElementsOf(reference(works, scope, true, true));
    assertThat(found).extracting(Verdict::kind).contains("pr_cost", "iteration_loop");
    assertThat(found.stream().map(Verdict::baseline).distinct().count()).as("baselines differ by date").isGreaterThan(3);
  }

  /**
   * Agents' PRs over 100 days, several on most dates (so baselines are shared) with costs in a
   * narrow band, and one in twelve blown up (cost ×6 or 12 iterations) so the rule fires.
   */
  private static List<PrWork> works(Random random, int n) {
    List<PrWork> works = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String agent = AGENTS.get(random.nextInt(AGENTS.size()));
      long cost = 1_000_000_000L + random.nextInt(400_000_000);
      int iterations = 1 + random.nextInt(3);
      int blowUp = random.nextInt(24);
      if (blowUp == 0) {
        cost *= 6;
      } else if (blowUp == 1) {
        iterations = 12;
      }
      works.add(new PrWork(REPOS.get(random.nextInt(REPOS.size())), 1 + i, agent, FIRST.plusDays(random.nextInt(100)),
          cost, iterations));
    }
    return works;
  }

  /** The definition, one PR at a time: its agent's PRs dated in [date − 30 days, date). */
  private static List<Verdict> reference(List<PrWork> works, AnalyticsScope scope, boolean cost, boolean iterations) {
    List<Verdict> out = new ArrayList<>();
    for (PrWork w : works) {
      boolean inScope = !w.date().isBefore(scope.from()) && !w.date().isAfter(scope.to())
          && (scope.repository() == null || scope.repository().equals(w.repository()))
          && (scope.agent() == null || scope.agent().equals(w.agent()));
      if (!inScope) {
        continue;
      }
      List<PrWork> before = works.stream().filter(o -> o.agent().equals(w.agent())
          && !o.date().isBefore(w.date().minusDays(AnomalyRule.PR_WINDOW_DAYS)) && o.date().isBefore(w.date())).toList();
      if (before.size() < AnomalyRule.MIN_PRS) {
        continue;
      }
      if (cost) {
        verdict(w, before, PrWork::costNanos, AnomalyKind.PR_COST, out);
      }
      if (iterations) {
        verdict(w, before, PrWork::iterations, AnomalyKind.ITERATION_LOOP, out);
      }
    }
    return out;
  }

  private static void verdict(PrWork w, List<PrWork> before, ToLongFunction<PrWork> measure, AnomalyKind kind, List<Verdict> out) {
    Baseline baseline = Baseline.of(before.stream().mapToLong(measure).toArray());
    long value = measure.applyAsLong(w);
    double score = baseline.scoreOf(value);
    boolean loopRule = kind != AnomalyKind.ITERATION_LOOP
        || java.math.BigDecimal.valueOf(value).subtract(baseline.median()).compareTo(java.math.BigDecimal.valueOf(3)) >= 0;
    if (AnomalyRule.isAnomaly(baseline, value, score) && loopRule) {
      boolean money = kind == AnomalyKind.PR_COST;
      out.add(new Verdict(kind.wireName(), w.repository() + "#" + w.pr() + ":" + w.agent(), w.date(),
          java.math.BigDecimal.valueOf(value, money ? 9 : 0).stripTrailingZeros(),
          (money ? baseline.median().movePointLeft(9).setScale(9, java.math.RoundingMode.HALF_EVEN) : baseline.median())
              .stripTrailingZeros(),
          Explanations.score(score)));
    }
  }

  /**
   * Against a steady usual of one iteration, three iterations are three times the median and far in
   * spread (the MAD is 0), yet not a loop: a loop is also at least three iterations above the usual.
   */
  @Test
  void anIterationLoopIsAtLeastThreeIterationsAboveTheUsual() {
    List<PrWork> works = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      works.add(new PrWork("o/a", 100 + i, "rex", FIRST.plusDays(i), 1_000_000_000L, 1));
    }
    works.add(new PrWork("o/a", 1, "rex", FIRST.plusDays(20), 1_000_000_000L, 3));
    works.add(new PrWork("o/a", 2, "rex", FIRST.plusDays(20), 1_000_000_000L, 4));
    AnalyticsScope scope = new AnalyticsScope(FIRST.plusDays(20), FIRST.plusDays(20), null, null);

    List<Anomaly> found = PrAnomalies.find(works, scope, false, true);

    assertThat(found).extracting(Anomaly::subject).containsExactly("o/a#2:rex");
    assertThat(found.get(0).value()).isEqualByComparingTo("4");
  }

  private static List<Verdict> verdicts(List<Anomaly> anomalies) {
    return anomalies.stream().map(Verdict::of).sorted(Comparator.comparing(Verdict::subject).thenComparing(Verdict::kind)).toList();
  }
}
