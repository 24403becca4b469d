package dev.cto.costs.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.analytics.EfficiencyRows.Model;
import dev.cto.costs.analytics.EfficiencyRows.PrAgent;
import dev.cto.costs.analytics.EfficiencyRows.Priced;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.GroupTotals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fold of efficiency's one aggregation into the groups the report shows: plain sums of its rows. */
class EfficiencyRowsTest {

  private static final Instant T = Instant.parse("2026-10-01T10:00:00Z");

  private static GroupTotals row(String repo, Long pr, String agent, String model, String provider, boolean priced,
      long records, long output, long cacheRead, long costNanos, int maxIteration, long unknownSavings, int hour) {
    return new GroupTotals(Arrays.asList(pr, repo, agent, model, provider, priced), records, priced ? 0 : records,
        new TokenCounts(10 * records, output, 0, 0, cacheRead), Usd.ofNanos(costNanos), maxIteration,
        T.plusSeconds(3600L * hour), T.plusSeconds(3600L * hour + 60), Usd.ofNanos(cacheRead), unknownSavings);
  }

  private final List<GroupTotals> rows = List.of(
      row("o/a", 1L, "rex", "alpha", "anthropic", true, 2, 50, 100, 10_000, 2, 0, 3),
      row("o/a", 1L, "rex", "mystery", null, false, 1, 7, 0, 0, 4, 1, 1),
      row("o/a", 2L, "rex", "alpha", "anthropic", true, 3, 30, 0, 20_000, 1, 0, 5),
      row("o/a", 1L, "cleo", "beta", "openai", true, 1, 5, 40, 7_000, 1, 0, 2),
      row("o/a", null, "cleo", "alpha", "anthropic", true, 4, 9, 0, 1_000, 1, 0, 6));

  @Test
  void eachGroupIsTheSumOfItsRowsInAnyOrder() {
    List<GroupTotals> reversed = new ArrayList<>(rows);
    java.util.Collections.reverse(reversed);
    for (List<GroupTotals> order : List.of(rows, reversed)) {
      EfficiencyRows folded = EfficiencyRows.fold(order);

      GroupTotals rexOnPr1 = folded.perPrAgent.get(new PrAgent("o/a", 1L, "rex"));
      assertThat(rexOnPr1.records()).isEqualTo(3);
      assertThat(rexOnPr1.unpricedRecords()).isEqualTo(1);
      assertThat(rexOnPr1.cost()).isEqualTo(Usd.ofNanos(10_000));
      assertThat(rexOnPr1.maxIteration()).isEqualTo(4);
      assertThat(rexOnPr1.tokens()).isEqualTo(new TokenCounts(30, 57, 0, 0, 100));
      assertThat(rexOnPr1.firstAt()).isEqualTo(T.plusSeconds(3600));
      assertThat(rexOnPr1.lastAt()).isEqualTo(T.plusSeconds(3 * 3600 + 60));
      assertThat(rexOnPr1.unknownSavingsRecords()).isEqualTo(1);
      assertThat(folded.perPrAgent).containsOnlyKeys(new PrAgent("o/a", 1L, "rex"), new PrAgent("o/a", 2L, "rex"),
          new PrAgent("o/a", 1L, "cleo"), new PrAgent("o/a", null, "cleo"));

      GroupTotals alpha = folded.perModel.get(new Model("alpha", "anthropic"));
      assertThat(alpha.records()).isEqualTo(9);
      assertThat(alpha.cost()).isEqualTo(Usd.ofNanos(31_000));
      assertThat(folded.perModel).containsOnlyKeys(new Model("alpha", "anthropic"), new Model("mystery", null),
          new Model("beta", "openai"));

      // tokens per dollar count priced records only: the unpriced call's 7 output tokens are left out
      assertThat(folded.pricedPerAgent).containsEntry("rex", new Priced(80, 30_000)).containsEntry("cleo", new Priced(14, 8_000));
      assertThat(folded.pricedTotal).isEqualTo(new Priced(94, 38_000));
    }
  }

  /**
   * Savings are judged per (PR, agent), as before the rows were folded: rex's unpriced call on PR 1
   * has no savings figure, and its priced calls there read the cache, so its savings are incomplete.
   */
  @Test
  void savingsAreIncompleteWherePerPrAndAgentRowsSaySo() {
    EfficiencyRows folded = EfficiencyRows.fold(rows);

    assertThat(EfficiencyTally.incompleteSavings(folded.perPrAgent.get(new PrAgent("o/a", 1L, "rex")))).isTrue();
    assertThat(EfficiencyTally.incompleteSavings(folded.perPrAgent.get(new PrAgent("o/a", 2L, "rex")))).isFalse();
    assertThat(EfficiencyTally.incompleteSavings(folded.perModel.get(new Model("alpha", "anthropic")))).isFalse();
  }
}
