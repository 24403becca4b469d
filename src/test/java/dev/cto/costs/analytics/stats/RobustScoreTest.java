package dev.cto.costs.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RobustScoreTest {

  @Test
  void theModifiedZScoreOfAKnownBaseline() {
    // median 3, deviations 2 1 0 1 2 -> MAD 1, sigma 1/0.6745
    RobustScore s = RobustScore.of(1, 2, 3, 4, 5);
    assertThat(s.median()).isEqualTo(3);
    assertThat(s.score(3 + 3.5 / 0.6745)).isCloseTo(3.5, within(1e-9));
    assertThat(s.isOutlier(15, RobustScore.OUTLIER)).isTrue();
    assertThat(s.isOutlier(5, RobustScore.OUTLIER)).isFalse();
  }

  @Test
  void oneRunawayValueInTheBaselineDoesNotHideTheNext() {
    // a mean and standard deviation would put 50 within 2 sigma of this baseline; median/MAD does not
    RobustScore s = RobustScore.of(10, 11, 9, 10, 12, 10, 11, 9, 10, 500);
    assertThat(s.isOutlier(50, RobustScore.OUTLIER)).isTrue();
    assertThat(s.isOutlier(12, RobustScore.OUTLIER)).isFalse();
  }

  @Test
  void aConstantBaselineStillScores() {
    RobustScore s = RobustScore.of(4, 4, 4, 4);
    assertThat(s.score(4)).isZero();
    assertThat(s.isOutlier(20, RobustScore.OUTLIER)).isTrue();
    assertThat(s.isOutlier(4.4, RobustScore.OUTLIER)).isFalse();
    // more than half equal: the MAD is 0, the mean absolute deviation scales instead
    RobustScore mostlyEqual = RobustScore.of(4, 4, 4, 4, 8);
    assertThat(mostlyEqual.scale()).isCloseTo(0.8 * 1.253314, within(1e-9));
  }

  @Property
  void scoresAreUnchangedByShiftingAndScalingTheData(
      @ForAll @Size(min = 1, max = 50) double[] raw, @ForAll @DoubleRange(min = -1e6, max = 1e6) double shift,
      @ForAll @DoubleRange(min = 0.01, max = 1000) double factor, @ForAll @DoubleRange(min = -1e6, max = 1e6) double x) {
    double[] values = java.util.Arrays.stream(raw).map(v -> Double.isFinite(v) ? v % 1e6 : 0).toArray();
    double[] moved = java.util.Arrays.stream(values).map(v -> v * factor + shift).toArray();
    RobustScore a = RobustScore.of(values);
    RobustScore b = RobustScore.of(moved);
    boolean constant = java.util.Arrays.stream(values).distinct().count() == 1;
    if (!constant && a.scale() > 1e-3) {   // a constant baseline's floor (10 % of the median) is not shift-free
      assertThat(b.score(x * factor + shift)).isCloseTo(a.score(x), within(1e-6 * Math.max(1, Math.abs(a.score(x)))));
    }
  }
}
