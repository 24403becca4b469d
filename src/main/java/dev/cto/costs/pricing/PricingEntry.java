package dev.cto.costs.pricing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** One {@code pricing[]} entry of the cost config (docs/config.md), USD per million tokens. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "model", "provider", "aliases", "effective_from", "input_cost_per_million",
  "output_cost_per_million", "cache_write_cost_per_million", "cache_write_1h_cost_per_million",
  "cache_read_cost_per_million", "long_context_threshold_tokens",
  "long_context_input_cost_per_million", "long_context_output_cost_per_million",
  "long_context_cache_write_cost_per_million", "long_context_cache_write_1h_cost_per_million",
  "long_context_cache_read_cost_per_million"
})
public record PricingEntry(
    String model,
    String provider,
    List<String> aliases,
    LocalDate effectiveFrom,
    BigDecimal inputCostPerMillion,
    BigDecimal outputCostPerMillion,
    BigDecimal cacheWriteCostPerMillion,
    @JsonProperty("cache_write_1h_cost_per_million") BigDecimal cacheWrite1hCostPerMillion,
    BigDecimal cacheReadCostPerMillion,
    Long longContextThresholdTokens,
    BigDecimal longContextInputCostPerMillion,
    BigDecimal longContextOutputCostPerMillion,
    BigDecimal longContextCacheWriteCostPerMillion,
    @JsonProperty("long_context_cache_write_1h_cost_per_million")
        BigDecimal longContextCacheWrite1hCostPerMillion,
    BigDecimal longContextCacheReadCostPerMillion) {

  public static PricingEntry simple(String model, String provider, String input, String output) {
    return new PricingEntry(model, provider, null, null, new BigDecimal(input), new BigDecimal(output),
        null, null, null, null, null, null, null, null, null);
  }

  public PricingEntry withAliases(List<String> newAliases) {
    return new PricingEntry(model, provider, newAliases, effectiveFrom, inputCostPerMillion,
        outputCostPerMillion, cacheWriteCostPerMillion, cacheWrite1hCostPerMillion,
        cacheReadCostPerMillion, longContextThresholdTokens, longContextInputCostPerMillion,
        longContextOutputCostPerMillion, longContextCacheWriteCostPerMillion,
        longContextCacheWrite1hCostPerMillion, longContextCacheReadCostPerMillion);
  }
}
