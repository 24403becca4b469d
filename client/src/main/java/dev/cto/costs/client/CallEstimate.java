package dev.cto.costs.client;

import dev.cto.costs.domain.RecordField;
import java.util.Objects;

/**
 * The most a model call may use, known before it is made: what a budget reservation holds. The
 * collector prices it with the proxy's worst case: the input at the dearest input-side price (a
 * cache write may cost more than plain input), the output at the output price.
 *
 * @param model the model asked for, as priced by the collector (e.g. {@code claude-sonnet-4-5})
 * @param maxInputTokens an upper bound of the prompt's tokens
 * @param maxOutputTokens the call's output limit ({@code max_tokens}); null when the call sets none,
 *     and the collector assumes 16,384
 */
public record CallEstimate(String model, long maxInputTokens, Long maxOutputTokens) {

  public CallEstimate {
    Objects.requireNonNull(model, "model");
    RecordField.MODEL.check(model);
    if (maxInputTokens < 0 || maxInputTokens > RecordField.MAX_TOKENS) {
      throw new IllegalArgumentException("maxInputTokens must be from 0 to " + RecordField.MAX_TOKENS + ", was "
          + maxInputTokens);
    }
    if (maxOutputTokens != null && (maxOutputTokens < 0 || maxOutputTokens > RecordField.MAX_TOKENS)) {
      throw new IllegalArgumentException("maxOutputTokens must be from 0 to " + RecordField.MAX_TOKENS + ", was "
          + maxOutputTokens);
    }
  }

  public static CallEstimate of(String model, long maxInputTokens, long maxOutputTokens) {
    return new CallEstimate(model, maxInputTokens, maxOutputTokens);
  }
}
