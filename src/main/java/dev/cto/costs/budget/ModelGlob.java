package dev.cto.costs.budget;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A model glob of a budget scope: {@code *} any run of characters, {@code ?} one character, the
 * rest literal. Case-insensitive, because SQLite's LIKE (which the store uses to sum the spend) is
 * case-insensitive and PostgreSQL's is not: both sides compare lower case so the proxy's decision
 * and the store's sum agree.
 */
public record ModelGlob(String glob) {

  public ModelGlob {
    if (glob == null || glob.isBlank()) {
      throw new IllegalArgumentException("must be a model name or glob such as claude-*");
    }
  }

  public boolean matches(String model) {
    return model != null && regex().matcher(model.toLowerCase(Locale.ROOT)).matches();
  }

  /** The glob as a SQL LIKE pattern (lower case, with {@code \} escaping a literal % or _). */
  public String likePattern() {
    StringBuilder like = new StringBuilder();
    for (char ch : glob.toLowerCase(Locale.ROOT).toCharArray()) {
      switch (ch) {
        case '*' -> like.append('%');
        case '?' -> like.append('_');
        case '%', '_', '\\' -> like.append('\\').append(ch);
        default -> like.append(ch);
      }
    }
    return like.toString();
  }

  private Pattern regex() {
    StringBuilder re = new StringBuilder();
    for (char ch : glob.toLowerCase(Locale.ROOT).toCharArray()) {
      switch (ch) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        default -> re.append(Pattern.quote(String.valueOf(ch)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  @Override
  public String toString() {
    return glob;
  }
}
