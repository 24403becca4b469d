package dev.cto.costs.capture.proxy;

import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.Usd;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The cost config of the service under test: upstreams pointing at the fake, and prices for the
 * fake models with a different price per token kind, so a token counted as the wrong kind (a 1h
 * cache write as 5m, a cached prompt token as input) changes the cost.
 */
final class ProxyTestConfig {

  static final BigDecimal INPUT = new BigDecimal("1");
  static final BigDecimal OUTPUT = new BigDecimal("2");
  static final BigDecimal CACHE_WRITE_5M = new BigDecimal("3");
  static final BigDecimal CACHE_WRITE_1H = new BigDecimal("4");
  static final BigDecimal CACHE_READ = new BigDecimal("0.5");

  private ProxyTestConfig() {}

  static String json(FakeProviderServer fake, Path spool) {
    return """
        {
          "extends_default_pricing": true,
          "pricing": [%s, %s],
          "proxy": {
            "upstreams": {"anthropic": "%s", "openai": "%s"},
            "spool": "%s"
          }
        }
        """.formatted(price(Scenario.Sdk.ANTHROPIC), price(Scenario.Sdk.OPENAI),
        fake.anthropicBaseUrl(), fake.openAiBaseUrl(), spool.toString().replace("\\", "\\\\"));
  }

  private static String price(Scenario.Sdk sdk) {
    String aliases = Arrays.stream(Scenario.values()).filter(s -> s.sdk == sdk)
        .map(s -> "\"" + s.model() + "\"").collect(Collectors.joining(", "));
    return """
        {"model": "%s", "provider": "%s", "aliases": [%s],
         "input_cost_per_million": %s, "output_cost_per_million": %s,
         "cache_write_cost_per_million": %s, "cache_write_1h_cost_per_million": %s,
         "cache_read_cost_per_million": %s}
        """.formatted(sdk.modelPrefix + "model", sdk.id, aliases, INPUT, OUTPUT, CACHE_WRITE_5M, CACHE_WRITE_1H, CACHE_READ);
  }

  /** The cost of these tokens at the prices above, worked out here rather than by the code under test. */
  static Usd expectedCost(TokenCounts t) {
    BigDecimal micro = INPUT.multiply(BigDecimal.valueOf(t.input()))
        .add(OUTPUT.multiply(BigDecimal.valueOf(t.output())))
        .add(CACHE_WRITE_5M.multiply(BigDecimal.valueOf(t.cacheWrite5m())))
        .add(CACHE_WRITE_1H.multiply(BigDecimal.valueOf(t.cacheWrite1h())))
        .add(CACHE_READ.multiply(BigDecimal.valueOf(t.cacheRead())));
    return Usd.of(micro.movePointLeft(6));
  }
}
