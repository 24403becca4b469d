package dev.cto.costs.pricing;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * "Did you mean …?" for a misspelt config key: the valid key at the smallest Damerau-Levenshtein
 * distance (optimal string alignment: a swapped pair of letters costs one edit, as typing slips
 * do). Case, {@code _} and {@code -} are ignored first, so {@code warningThreshold} finds
 * {@code warning_threshold}. Too distant a key suggests nothing rather than something arbitrary.
 * Model names mistyped on the command line get the same help ({@link #near}).
 */
public final class KeySuggestion {

  private KeySuggestion() {}

  /** The closest of {@code valid}, or null when none is within about a third of the key's length. */
  static String closest(String key, Collection<String> valid) {
    String wanted = normal(key);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : valid) {
      int d = distance(wanted, normal(candidate));
      if (d < bestDistance || d == bestDistance && best != null && distance(key, candidate) < distance(key, best)) {
        best = candidate;
        bestDistance = d;
      }
    }
    int allowed = Math.max(2, wanted.length() / 3);
    return bestDistance <= allowed ? best : null;
  }

  /**
   * Up to {@code max} of {@code valid} as close to {@code name} as {@link #closest} accepts, the
   * closest first (ties alphabetically): the near names listed when a model name is unknown.
   */
  public static List<String> near(String name, Collection<String> valid, int max) {
    String wanted = normal(name);
    int allowed = Math.max(2, wanted.length() / 3);
    return valid.stream().distinct()
        .filter(candidate -> distance(wanted, normal(candidate)) <= allowed)
        .sorted(Comparator.comparingInt((String candidate) -> distance(wanted, normal(candidate)))
            .thenComparing(Comparator.naturalOrder()))
        .limit(max)
        .toList();
  }

  /**
   * " (did you mean 'section.x'?)" or, with nothing close, the valid keys; for the end of a problem.
   *
   * @param section the path before the key, with its trailing dot ({@code "alerts."}), or empty
   */
  static String hint(String key, String section, Collection<String> valid) {
    String best = closest(key, valid);
    if (best != null) {
      return " (did you mean '" + section + best + "'?)";
    }
    return " (valid keys: " + String.join(", ", valid.stream().sorted().toList()) + "; see docs/config.md)";
  }

  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private static String normal(String key) {
    return key.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
  }
}
