package dev.cto.costs.analytics;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One {@code --model FROM=TO} of a what-if: records of FROM (a model name, an alias, or a glob with
 * {@code *} and {@code ?}, case-insensitive) priced as if they had been TO (one model).
 *
 * @param from as the user wrote it
 * @param to as the user wrote it; the catalog resolves it to one model
 */
public record ModelSwap(String from, String to) {

  private static final String EXAMPLE = " (FROM=TO, e.g. claude-opus-*=claude-sonnet-4-5)";

  public ModelSwap {
    if (from == null || from.isBlank() || to == null || to.isBlank()) {
      throw new IllegalArgumentException("model: '" + from + "=" + to + "' needs both a FROM and a TO" + EXAMPLE);
    }
    from = from.trim();
    to = to.trim();
    if (isGlob(to)) {
      throw new IllegalArgumentException("model: TO '" + to + "' must name one model, not a pattern" + EXAMPLE);
    }
  }

  /** Parses {@code FROM=TO}; anything else throws {@link IllegalArgumentException} naming {@code model}. */
  public static ModelSwap parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("model: is empty" + EXAMPLE);
    }
    int eq = spec.indexOf('=');
    if (eq < 0 || spec.indexOf('=', eq + 1) >= 0) {
      throw new IllegalArgumentException("model: '" + spec + "' is not FROM=TO" + EXAMPLE);
    }
    return new ModelSwap(spec.substring(0, eq), spec.substring(eq + 1));
  }

  public boolean isGlob() {
    return isGlob(from);
  }

  /** Whether {@code name} (lower case) fits FROM as a glob: {@code *} any run of characters, {@code ?} one. */
  boolean globMatches(String name) {
    return globPattern().matcher(name).matches();
  }

  private Pattern globPattern() {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : from.toLowerCase(Locale.ROOT).toCharArray()) {
      if (c == '*' || c == '?') {
        regex.append(Pattern.quote(literal.toString())).append(c == '*' ? ".*" : ".");
        literal.setLength(0);
      } else {
        literal.append(c);
      }
    }
    return Pattern.compile(regex.append(Pattern.quote(literal.toString())).toString());
  }

  /** {@code FROM=TO} as given. */
  public String text() {
    return from + "=" + to;
  }

  private static boolean isGlob(String name) {
    return name.indexOf('*') >= 0 || name.indexOf('?') >= 0;
  }
}
