package dev.cto.costs.budget;

import dev.cto.costs.domain.ModelPrice;
import dev.cto.costs.domain.PricingCatalog;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.TokenRates;
import dev.cto.costs.domain.Usd;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
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

  /**
   * The worst-case cost, or empty when the model has no price (such a call is never refused).
   *
   * <p>A call whose model may follow past what was read of its body ({@link
   * CallShape#modelMayFollow}) is priced at the dearest model the catalog lists for its provider
   * (for any provider when it lists none): it may be any of them, and passing it for unpriced
   * would let any agent through an exhausted budget by putting {@code "model"} after a megabyte
   * of messages. It settles to its actual cost all the same.
   */
  public static Optional<Usd> of(CallShape call, PricingCatalog prices, Instant at) {
    if (call.modelMayFollow()) {
      return dearest(call, prices, at);
    }
    Optional<ModelPrice> price = prices.priceFor(call.model(), at);
    if (price.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(of(call, price.get()));
  }

  private static Optional<Usd> dearest(CallShape call, PricingCatalog prices, Instant at) {
    List<ModelPrice> ofProvider = prices.entries().stream()
        .filter(p -> p.provider() != null && p.provider().equalsIgnoreCase(call.provider())).toList();
    return (ofProvider.isEmpty() ? prices.entries() : ofProvider).stream()
        .map(p -> prices.priceFor(p.model(), at).orElse(p))
        .map(p -> of(call, p))
        .max(Usd::compareTo);
  }

  private static Usd of(CallShape call, ModelPrice price) {
    long input = (call.inputBytes() + BYTES_PER_INPUT_TOKEN - 1) / BYTES_PER_INPUT_TOKEN;
    long output = call.maxOutputTokens() == null ? DEFAULT_MAX_OUTPUT_TOKENS : call.maxOutputTokens();
    // the long-context tier applies when the estimated input passes its threshold
    TokenRates rates = price.ratesFor(TokenCounts.of(input, output));
    BigDecimal inputPrice = rates.input().max(rates.effectiveCacheWrite()).max(rates.effectiveCacheWrite1h());
    BigDecimal perMillion = inputPrice.multiply(BigDecimal.valueOf(input))
        .add(rates.output().multiply(BigDecimal.valueOf(output)));
    // rounded up, never down, to the nano-dollar: a reservation must not fall short of the cost
    return Usd.ofNanos(perMillion.movePointRight(3).setScale(0, java.math.RoundingMode.CEILING).longValueExact());
  }
}
