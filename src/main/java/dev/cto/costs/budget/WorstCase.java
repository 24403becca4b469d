package dev.cto.costs.budget;

import dev.cto.costs.domain.ModelPrice;
import dev.cto.costs.domain.PricingCatalog;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.TokenRates;
import dev.cto.costs.domain.Usd;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * The most a call can cost, reserved before it is forwarded: its output limit at the output price
 * plus an estimate of its input at the dearest input-side price (uncached input or a cache write,
 * since the request does not say which its tokens will be).
 *
 * <p>The input estimate is the body's bytes / {@value #BYTES_PER_INPUT_TOKEN}: the Claude and GPT
 * tokenizers average 3.5 to 4.5 characters per token on English and code, and the body's JSON
 * syntax and field names are bytes that are no tokens, so this overestimates text (and base64
 * images by far). Without an output limit (OpenAI makes it optional) the call is assumed to write
 * {@value #DEFAULT_MAX_OUTPUT_TOKENS} tokens.
 */
public final class WorstCase {

  static final int BYTES_PER_INPUT_TOKEN = 3;
  static final long DEFAULT_MAX_OUTPUT_TOKENS = 16_384;

  private WorstCase() {}

  /** The worst-case cost, or empty when the model has no price (such a call is never refused). */
  public static Optional<Usd> of(CallShape call, PricingCatalog prices, Instant at) {
    Optional<ModelPrice> price = prices.priceFor(call.model(), at);
    if (price.isEmpty()) {
      return Optional.empty();
    }
    long input = (call.inputBytes() + BYTES_PER_INPUT_TOKEN - 1) / BYTES_PER_INPUT_TOKEN;
    long output = call.maxOutputTokens() == null ? DEFAULT_MAX_OUTPUT_TOKENS : call.maxOutputTokens();
    // the long-context tier applies when the estimated input passes its threshold
    TokenRates rates = price.get().ratesFor(TokenCounts.of(input, output));
    BigDecimal inputPrice = rates.input().max(rates.effectiveCacheWrite()).max(rates.effectiveCacheWrite1h());
    BigDecimal perMillion = inputPrice.multiply(BigDecimal.valueOf(input))
        .add(rates.output().multiply(BigDecimal.valueOf(output)));
    // rounded up, never down, to the nano-dollar: a reservation must not fall short of the cost
    return Optional.of(Usd.ofNanos(perMillion.movePointRight(3).setScale(0, java.math.RoundingMode.CEILING)
        .longValueExact()));
  }
}
