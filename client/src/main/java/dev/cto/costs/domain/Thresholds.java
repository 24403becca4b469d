package dev.cto.costs.domain;

/**
 * A PR's budget lines in USD; either may be null (not set). Reaching a line counts as crossing it.
 */
public record Thresholds(Usd warning, Usd error) {

  public static final Thresholds NONE = new Thresholds(null, null);

  public Thresholds {
    if (warning != null && warning.isNegative() || error != null && error.isNegative()) {
      throw new IllegalArgumentException("thresholds must be >= 0");
    }
    if (warning != null && error != null && warning.compareTo(error) > 0) {
      throw new IllegalArgumentException(
          "warning_threshold (" + warning + ") must not exceed error_threshold (" + error + ")");
    }
  }

  public ThresholdLevel levelOf(Usd total) {
    if (error != null && total.compareTo(error) >= 0) {
      return ThresholdLevel.ERROR;
    }
    if (warning != null && total.compareTo(warning) >= 0) {
      return ThresholdLevel.WARNING;
    }
    return ThresholdLevel.OK;
  }

  public Usd lineFor(ThresholdLevel level) {
    return switch (level) {
      case WARNING -> warning;
      case ERROR -> error;
      case OK -> null;
    };
  }
}
