package dev.cto.costs.domain;

import java.util.Locale;

/** Where a PR's total stands against its budget; JSON writes it in lower case. */
public enum ThresholdLevel {
  OK,
  WARNING,
  ERROR;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
