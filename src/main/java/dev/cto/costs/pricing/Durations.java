package dev.cto.costs.pricing;

import java.time.Duration;

/**
 * Durations as people write them in config files: {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d},
 * {@code 250ms}, or ISO {@code PT5M}. One grammar for every key ({@link DurationText} reads it in
 * JSON/YAML); this is the throwing form for values checked by hand.
 */
public final class Durations {

  private Durations() {}

  /** @throws IllegalArgumentException naming the accepted forms */
  public static Duration parse(String text) {
    Duration d = text == null ? null : DurationText.parse(text);
    if (d == null) {
      throw new IllegalArgumentException("must be a duration like \"30s\", \"5m\", \"1h\" or \"PT5M\", was \"" + text + "\"");
    }
    return d;
  }
}
