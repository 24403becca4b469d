package dev.cto.costs.domain;

/**
 * The tokens of one model call (or a sum of calls), by kind. Each kind has its own price. Counts are
 * never negative; the cap of one call's counts is {@link UsageRecord}'s rule, since sums exceed it.
 *
 * @param input uncached input tokens (OpenAI-style prompt counts are normalised on capture: the
 *     cached part moves to {@code cacheRead})
 * @param output output tokens, reasoning included
 * @param cacheWrite5m cache writes with the default (5 minute) lifetime
 * @param cacheWrite1h cache writes with the 1 hour lifetime, priced apart
 * @param cacheRead cache reads
 */
public record TokenCounts(
    long input, long output, long cacheWrite5m, long cacheWrite1h, long cacheRead) {

  public static final TokenCounts ZERO = new TokenCounts(0, 0, 0, 0, 0);

  public TokenCounts {
    requireNonNegative("input_tokens", input);
    requireNonNegative("output_tokens", output);
    requireNonNegative("cache_creation_input_tokens", cacheWrite5m);
    requireNonNegative("cache_creation_1h_input_tokens", cacheWrite1h);
    requireNonNegative("cache_read_input_tokens", cacheRead);
  }

  public static TokenCounts of(long input, long output) {
    return new TokenCounts(input, output, 0, 0, 0);
  }

  /** All cache writes, whatever their lifetime ({@code cache_creation_input_tokens}). */
  public long cacheCreation() {
    return cacheWrite5m + cacheWrite1h;
  }

  /** Everything the model read: the figure long-context tiers are decided on. */
  public long wholeInput() {
    return input + cacheCreation() + cacheRead;
  }

  public long total() {
    return wholeInput() + output;
  }

  public TokenCounts plus(TokenCounts o) {
    return new TokenCounts(
        Math.addExact(input, o.input),
        Math.addExact(output, o.output),
        Math.addExact(cacheWrite5m, o.cacheWrite5m),
        Math.addExact(cacheWrite1h, o.cacheWrite1h),
        Math.addExact(cacheRead, o.cacheRead));
  }

  private static void requireNonNegative(String field, long value) {
    if (value < 0) {
      throw new InvalidRecordException(field, "must be an integer >= 0, was " + value);
    }
  }
}
