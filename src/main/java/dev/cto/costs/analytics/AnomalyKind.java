package dev.cto.costs.analytics;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The three kinds of cost anomaly; {@link #wireName()} is how the CLI, HTTP and JSON spell them. */
public enum AnomalyKind {
  /** An agent's cost on a PR far above its usual PR cost. */
  PR_COST("PR cost"),
  /** An agent's iteration count on a PR far above its usual. */
  ITERATION_LOOP("iteration loop"),
  /** A UTC day's spend far above the days before it. */
  DAILY_SPEND("daily spend");

  private final String label;

  AnomalyKind(String label) {
    this.label = label;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** For people: "PR cost", "iteration loop", "daily spend". */
  public String label() {
    return label;
  }

  /** The kind as written by a user; null or blank means every kind (null). */
  public static AnomalyKind parse(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    for (AnomalyKind k : values()) {
      if (k.wireName().equalsIgnoreCase(value.trim())) {
        return k;
      }
    }
    throw new IllegalArgumentException("kind: must be one of " + names() + ", was '" + value + "'");
  }

  public static String names() {
    return Arrays.stream(values()).map(AnomalyKind::wireName).collect(Collectors.joining(", "));
  }
}
