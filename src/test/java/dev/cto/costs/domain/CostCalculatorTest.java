package dev.cto.costs.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostCalculatorTest {

  private static final TokenRates SONNET =
      new TokenRates(
          new BigDecimal("3"), new BigDecimal("15"), new BigDecimal("3.75"), new BigDecimal("6"),
          new BigDecimal("0.30"));

  @Test
  void seedExample_10kInput5kOutputAt3And15CostsExactly0105() {
    Usd cost = CostCalculator.cost(TokenRates.of("3.00", "15.00"), TokenCounts.of(10_000, 5_000));

    assertThat(cost.toBigDecimal()).isEqualByComparingTo("0.105");
    assertThat(cost.nanos()).isEqualTo(105_000_000L);
  }

  @Test
  void everyTokenKindHasItsOwnPrice() {
    // 1,000 of each kind, priced by hand: 3 + 15 + 3.75 + 6 + 0.30 = 28.05 USD per million each
    TokenCounts tokens = new TokenCounts(1000, 1000, 1000, 1000, 1000);

    assertThat(CostCalculator.cost(SONNET, tokens).toPlainString()).isEqualTo("0.02805");
  }

  @Test
  void missingCachePricesFallBackToInputPriceAnd1hToTheCacheWritePrice() {
    TokenRates noCache = TokenRates.of("2", "8");
    TokenRates writeOnly =
        new TokenRates(new BigDecimal("2"), new BigDecimal("8"), new BigDecimal("2.5"), null, null);

    // 1M cache-read tokens at the input price = $2; 1M 1h writes at the 5m write price = $2.5
    assertThat(CostCalculator.cost(noCache, new TokenCounts(0, 0, 0, 0, 1_000_000)))
        .isEqualTo(Usd.of("2"));
    assertThat(CostCalculator.cost(writeOnly, new TokenCounts(0, 0, 0, 1_000_000, 0)))
        .isEqualTo(Usd.of("2.5"));
  }

  @Test
  void roundsHalfEvenOnceToTheNanoDollar() {
    // 1 token at $0.0005/M = 0.5 nano-dollars -> 0 (half-even); 3 tokens = 1.5 -> 2
    TokenRates tiny = TokenRates.of("0.0005", "0");
    assertThat(CostCalculator.cost(tiny, TokenCounts.of(1, 0)).nanos()).isZero();
    assertThat(CostCalculator.cost(tiny, TokenCounts.of(3, 0)).nanos()).isEqualTo(2);
    // rounding happens on the sum, not per kind: 1 input + 1 output at 0.0005 each = 1 nano
    assertThat(CostCalculator.cost(TokenRates.of("0.0005", "0.0005"), TokenCounts.of(1, 1)).nanos())
        .isEqualTo(1);
  }

  @Test
  void wholeRequestIsBilledAtLongContextRatesWhenItsWholeInputExceedsTheThreshold() {
    TokenRates tierRates =
        new TokenRates(
            new BigDecimal("6"), new BigDecimal("22.5"), new BigDecimal("7.5"),
            new BigDecimal("12"), new BigDecimal("0.6"));
    ModelPrice price =
        new ModelPrice(
            "claude-sonnet-4-5", "anthropic", List.of(), null, SONNET,
            new LongContextTier(200_000, tierRates));

    // exactly 200,000 input tokens (10 + 5m 0 + 1h 0 + reads 199,990): not above, base rates
    TokenCounts atThreshold = new TokenCounts(10, 100, 0, 0, 199_990);
    // 10*3 + 100*15 + 199,990*0.30 = 30 + 1,500 + 59,997 = 61,527 per million
    assertThat(CostCalculator.cost(price, atThreshold).toPlainString()).isEqualTo("0.061527");

    // one more cache-read token: every token at the tier's rates
    TokenCounts above = new TokenCounts(10, 100, 0, 0, 199_991);
    // 10*6 + 100*22.5 + 199,991*0.6 = 60 + 2,250 + 119,994.6 = 122,304.6 per million
    assertThat(CostCalculator.cost(price, above).toPlainString()).isEqualTo("0.1223046");
  }
}
