package dev.cto.costs.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.domain.CostCalculator;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.ModelPrice;
import dev.cto.costs.domain.TokenCounts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A model whose config entry (a single one, no price history) omits every cache price: cache
 * writes (5-minute and 1-hour) and cache reads cost the input price. The expected figure is worked
 * out by hand below, not by the code under test, so a wrong fallback (e.g. to the output price, or
 * to nothing) cannot pass.
 */
class CacheFallbackOracleTest {

  @Test
  void cacheWritesAndReadsOfAModelWithoutCachePricesCostTheInputPrice() {
    CostSettings settings = CostConfigLoader.toSettings(CostConfigLoader.parse("""
        {"pricing": [{"model": "acme-mini", "provider": "acme",
                      "input_cost_per_million": 1.10, "output_cost_per_million": 4.40}]}
        """.getBytes(StandardCharsets.UTF_8), "oracle.json"), "oracle.json");
    ModelPrice price = settings.catalog().priceFor("acme-mini", Instant.parse("2026-06-01T00:00:00Z")).orElseThrow();
    TokenCounts tokens = new TokenCounts(1_234, 567, 89_000, 1_000, 4_321);

    // per million tokens, by hand:
    //   input        1,234 × 1.10 =   1,357.4
    //   output         567 × 4.40 =   2,494.8
    //   5m writes   89,000 × 1.10 =  97,900.0   (no cache_write price: the input price)
    //   1h writes    1,000 × 1.10 =   1,100.0   (no 1h price: the cache write price, itself the input price)
    //   reads        4,321 × 1.10 =   4,753.1   (no cache_read price: the input price)
    //   total                       107,605.3  → 0.1076053 USD = 107,605,300 nano-dollars
    assertThat(CostCalculator.cost(price, tokens).nanos()).isEqualTo(107_605_300L);
  }
}
