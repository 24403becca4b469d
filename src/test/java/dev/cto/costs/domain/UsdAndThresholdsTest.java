package dev.cto.costs.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class UsdAndThresholdsTest {

  @Test
  void usdIsExactAndPrintsWithoutExponentOrTrailingZeros() {
    assertThat(Usd.of("0.1").plus(Usd.of("0.2"))).isEqualTo(Usd.of("0.3"));
    assertThat(Usd.of("1E+3").toPlainString()).isEqualTo("1000");
    assertThat(Usd.ofNanos(1).toPlainString()).isEqualTo("0.000000001");
    assertThat(Usd.of(new BigDecimal("0.0000000025")).nanos()).isEqualTo(2); // half-even
    assertThat(Usd.of(new BigDecimal("0.0000000035")).nanos()).isEqualTo(4);
  }

  @Test
  void reachingALineCrossesIt() {
    Thresholds t = new Thresholds(Usd.of("5"), Usd.of("20"));

    assertThat(t.levelOf(Usd.of("4.999999999"))).isEqualTo(ThresholdLevel.OK);
    assertThat(t.levelOf(Usd.of("5"))).isEqualTo(ThresholdLevel.WARNING);
    assertThat(t.levelOf(Usd.of("20"))).isEqualTo(ThresholdLevel.ERROR);
    assertThat(Thresholds.NONE.levelOf(Usd.of("1000000"))).isEqualTo(ThresholdLevel.OK);
  }

  @Test
  void warningAboveErrorIsRejected() {
    assertThatThrownBy(() -> new Thresholds(Usd.of("30"), Usd.of("20")))
        .hasMessageContaining("warning_threshold");
  }

  @Test
  void tokenCountsRejectNegativesAndSumExactly() {
    assertThatThrownBy(() -> new TokenCounts(-1, 0, 0, 0, 0)).hasMessageContaining("input_tokens");
    TokenCounts sum = new TokenCounts(1, 2, 3, 4, 5).plus(new TokenCounts(10, 20, 30, 40, 50));
    assertThat(sum).isEqualTo(new TokenCounts(11, 22, 33, 44, 55));
    assertThat(sum.cacheCreation()).isEqualTo(77);
    assertThat(sum.wholeInput()).isEqualTo(11 + 77 + 55);
  }
}
