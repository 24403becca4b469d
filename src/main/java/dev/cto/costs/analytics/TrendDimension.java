package dev.cto.costs.analytics;

import dev.cto.costs.store.Dimension;
import java.util.Locale;

/** What {@code costs trends} splits the spend by: one series per value, or one {@code total} series. */
public enum TrendDimension {
  TOTAL(null, "Series"),
  AGENT(Dimension.AGENT, "Agent"),
  MODEL(Dimension.MODEL, "Model"),
  STAGE(Dimension.STAGE, "Stage"),
  REPOSITORY(Dimension.REPOSITORY, "Repository");

  private final Dimension dimension;
  private final String heading;

  TrendDimension(Dimension dimension, String heading) {
    this.dimension = dimension;
    this.heading = heading;
  }

  /** The store's grouping, or null for the total. */
  Dimension dimension() {
    return dimension;
  }

  /** The column heading of a table of series. */
  String heading() {
    return heading;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The user's {@code --by}; null is the default, total. */
  public static TrendDimension parse(String value) {
    if (value == null || value.isBlank()) {
      return TOTAL;
    }
    for (TrendDimension d : values()) {
      if (d.label().equalsIgnoreCase(value.trim())) {
        return d;
      }
    }
    throw new IllegalArgumentException("by: must be total, agent, model, stage or repository, was '" + value + "'");
  }
}
