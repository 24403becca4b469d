package dev.cto.costs.pricing;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in config files: {@code 30s}, {@code 5m}, {@code 1h}, {@code 250ms}, or ISO {@code PT5M}. */
public final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  private Durations() {}

  /** @throws IllegalArgumentException naming the accepted forms */
  public static Duration parse(String text) {
    String s = text == null ? "" : text.trim();
    Matcher m = SHORT.matcher(s);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    try {
      return Duration.parse(s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("must be a duration like \"30s\", \"5m\", \"1h\" or \"PT5M\", was \"" + text + "\"");
    }
  }
}
