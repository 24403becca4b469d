package dev.cto.costs.budget;

/**
 * What a model call's request says about its cost before it is sent: the model, the most output
 * it may produce, and the size of its input.
 *
 * @param model the model asked for, or null when the request names none
 * @param maxOutputTokens {@code max_tokens} (or the API's name for it), or null when not given
 * @param inputBytes the request body's size: the input estimate is made from it
 */
public record CallShape(String model, Long maxOutputTokens, long inputBytes) {

  public CallShape {
    if (inputBytes < 0) {
      throw new IllegalArgumentException("inputBytes must be >= 0, was " + inputBytes);
    }
    if (maxOutputTokens != null && maxOutputTokens < 0) {
      maxOutputTokens = null;
    }
  }
}
