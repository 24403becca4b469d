package dev.cto.costs.domain;

import java.util.Objects;

/**
 * The providers' long-context rule: when a request's whole input (input + cache writes + cache
 * reads) exceeds {@code thresholdTokens}, every token of that request is billed at {@code rates}
 * (not only the tokens above the threshold, which is what ccusage does).
 */
public record LongContextTier(long thresholdTokens, TokenRates rates) {

  public LongContextTier {
    Objects.requireNonNull(rates, "rates");
    if (thresholdTokens < 1) {
      throw new IllegalArgumentException(
          "long_context_threshold_tokens must be >= 1, was " + thresholdTokens);
    }
  }

  public boolean appliesTo(TokenCounts tokens) {
    return tokens.wholeInput() > thresholdTokens;
  }
}
