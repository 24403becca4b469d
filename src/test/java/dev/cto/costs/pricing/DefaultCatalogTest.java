package dev.cto.costs.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.domain.CostCalculator;
import dev.cto.costs.domain.ModelPrice;
import dev.cto.costs.domain.PricingCatalog;
import dev.cto.costs.domain.TokenCounts;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DefaultCatalogTest {

  static final Path SNAPSHOT = Path.of("data/litellm-model-prices-2026-07-24.json");
  static final Path RESOURCE = Path.of("src/main/resources/dev/cto/costs/pricing/default-pricing.json");
  private final PricingCatalog catalog = DefaultCatalog.load();
  private final Instant now = Instant.parse("2026-09-01T00:00:00Z");

  private ModelPrice price(String model) {
    return catalog.priceFor(model, now).orElseThrow(() -> new AssertionError("no price for " + model));
  }

  @Test
  void theShippedCatalogIsExactlyWhatTheGeneratorMakesFromTheSnapshot() throws Exception {
    ByteArrayOutputStream regenerated = new ByteArrayOutputStream();
    try (InputStream in = Files.newInputStream(SNAPSHOT)) {
      CostConfigWriter.write(DefaultCatalogGenerator.generate(in), CostConfigWriter.Format.JSON, regenerated);
    }
    assertThat(regenerated.toString(StandardCharsets.UTF_8))
        .as("default-pricing.json is stale: rerun DefaultCatalogGenerator (see its javadoc)")
        .isEqualTo(Files.readString(RESOURCE));
  }

  @Test
  void claudeSonnet45PricesAndItsLongContextTierByHand() {
    ModelPrice p = price("claude-sonnet-4-5-20250929");
    assertThat(p.model()).isEqualTo("claude-sonnet-4-5");
    assertThat(p.rates().input()).isEqualByComparingTo("3");
    assertThat(p.rates().output()).isEqualByComparingTo("15");
    assertThat(p.rates().cacheWrite()).isEqualByComparingTo("3.75");
    assertThat(p.rates().cacheWrite1h()).isEqualByComparingTo("6");
    assertThat(p.rates().cacheRead()).isEqualByComparingTo("0.3");
    assertThat(p.longContext().thresholdTokens()).isEqualTo(200_000);
    assertThat(p.longContext().rates().input()).isEqualByComparingTo("6");
    assertThat(p.longContext().rates().output()).isEqualByComparingTo("22.5");
    assertThat(p.longContext().rates().cacheWrite()).isEqualByComparingTo("7.5");
    assertThat(p.longContext().rates().cacheWrite1h()).isEqualByComparingTo("12");
    assertThat(p.longContext().rates().cacheRead()).isEqualByComparingTo("0.6");
  }

  @Test
  void otherFamiliesByHand() {
    ModelPrice opus = price("claude-opus-4-5-20251101");
    assertThat(opus.rates().input()).isEqualByComparingTo("5");
    assertThat(opus.rates().cacheWrite1h()).isEqualByComparingTo("10");
    assertThat(opus.longContext()).isNull();
    ModelPrice codex = price("gpt-5.1-codex");
    assertThat(codex.rates().input()).isEqualByComparingTo("1.25");
    assertThat(codex.rates().output()).isEqualByComparingTo("10");
    assertThat(codex.rates().cacheRead()).isEqualByComparingTo("0.125");
    assertThat(price("gpt-5.4").longContext().thresholdTokens()).isEqualTo(272_000);
    assertThat(price("gemini-2.5-pro").longContext().thresholdTokens()).isEqualTo(200_000);
    assertThat(price("gemini-2.5-pro").provider()).isEqualTo("google");
    assertThat(price("perplexity/sonar-pro").provider()).isEqualTo("perplexity");
  }

  @Test
  void theSeedsShortNamesCarryTheSeedsPrices() {
    assertThat(price("claude-sonnet").rates().input()).isEqualByComparingTo("3");
    assertThat(price("claude-sonnet").rates().output()).isEqualByComparingTo("15");
    assertThat(price("claude-opus").rates().input()).isEqualByComparingTo("15");
    assertThat(price("claude-opus").rates().output()).isEqualByComparingTo("75");
    assertThat(price("gpt-4o").rates().input()).isEqualByComparingTo("2.5");
    assertThat(price("gpt-4o").rates().output()).isEqualByComparingTo("10");
    assertThat(price("sonar-pro").rates().input()).isEqualByComparingTo("3");
    assertThat(price("sonar-pro").rates().output()).isEqualByComparingTo("15");
  }

  @Test
  void aRequestOverTheTierIsBilledWhollyAtTierRatesLikeTheGeneratorsOracle() {
    // gen_agent_logs.py's provider rule for sonnet 4.5: in*6 + out*22.5 + c5*7.5 + c1*12 + read*0.6 per million
    TokenCounts huge = new TokenCounts(40, 300, 1000, 500, 250_000);
    double expected = (40 * 6 + 300 * 22.5 + 1000 * 7.5 + 500 * 12 + 250_000 * 0.6) / 1e6;
    assertThat(CostCalculator.cost(price("claude-sonnet-4-5-20250929"), huge).toBigDecimal().doubleValue())
        .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
  }
}
