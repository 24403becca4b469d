package dev.cto.costs.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class NearestRankTest {

  @Test
  void theNearestRankOfTenValues() {
    NearestRank r = NearestRank.of(90, 10, 50, 20, 100, 30, 70, 40, 80, 60);
    assertThat(r.median()).isEqualTo(50);  // ⌈0.5·10⌉ = 5th smallest
    assertThat(r.percentile(0.9)).isEqualTo(90);  // ⌈0.9·10⌉ = 9th, not the 10th 0.9·10 gives in doubles
    assertThat(r.percentile(0.91)).isEqualTo(100);
    assertThat(r.max()).isEqualTo(100);
    assertThat(r.min()).isEqualTo(10);
  }

  @Test
  void oneValueIsEveryPercentileAndNoneIsAnError() {
    assertThat(NearestRank.of(7).percentile(0.9)).isEqualTo(7);
    assertThatThrownBy(() -> NearestRank.of().median()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> NearestRank.of(1).percentile(1.5)).hasMessageContaining("1.5");
  }

  @Property
  void aPercentileIsOneOfTheValuesWithTheRightShareAtOrBelowIt(
      @ForAll @Size(min = 1, max = 200) long[] values, @ForAll @DoubleRange(min = 0, max = 1) double q) {
    long p = NearestRank.of(values).percentile(q);
    assertThat(values).contains(p);
    long atOrBelow = Arrays.stream(values).filter(v -> v <= p).count();
    long below = Arrays.stream(values).filter(v -> v < p).count();
    // the ⌈q·n⌉-th smallest: at least that many values are <= it, fewer are < it
    int rank = Math.max(1, (int) Math.ceil(q * values.length - 1e-9));
    assertThat(atOrBelow).isGreaterThanOrEqualTo(rank);
    assertThat(below).isLessThan(rank);
  }
}
