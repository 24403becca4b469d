package dev.cto.costs.budget;

/**
 * What a model call's request says about its cost before it is sent: the model, the most output
 * it may produce, and the size of its input.
 *
 * @param model the model asked for, or null when the request names none
 * @param maxOutputTokens {@code max_tokens} (or the API's name for it), or null when not given
 * @param inputBytes the request body's size: the input estimate is made from it
 * @param provider the provider the call goes to ({@code anthropic}, {@code openai}, …), or null
 *     when not known
 * @param modelMayFollow true when only the body's head was read and it named no model: the model
 *     may come later in the body (after the messages), so the call must not pass for unpriced
 */
public record CallShape(String model, Long maxOutputTokens, long inputBytes, String provider, boolean modelMayFollow) {

  /** A call whose request was read whole (or whose model is known). */
  public CallShape(String model, Long maxOutputTokens, long inputBytes) {
    this(model, maxOutputTokens, inputBytes, null, false);
  }

  public CallShape {
    if (inputBytes < 0) {
      throw new IllegalArgumentException("inputBytes must be >= 0, was " + inputBytes);
    }
    if (maxOutputTokens != null && maxOutputTokens < 0) {
      maxOutputTokens = null;
    }
    modelMayFollow = modelMayFollow && model == null;
  }

  /**
   * A call whose input is known in tokens (a client's own estimate) rather than as a request body:
   * its size is set so that {@link WorstCase} counts exactly {@code maxInputTokens} of input.
   */
  public static CallShape ofTokens(String model, long maxInputTokens, Long maxOutputTokens) {
    if (maxInputTokens < 0) {
      throw new IllegalArgumentException("maxInputTokens must be >= 0, was " + maxInputTokens);
    }
    return new CallShape(model, maxOutputTokens, Math.multiplyExact(maxInputTokens, WorstCase.BYTES_PER_INPUT_TOKEN));
  }
}
