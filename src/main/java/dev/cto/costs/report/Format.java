package dev.cto.costs.report;

/** Output formats of report commands ({@code --format}). */
public enum Format {
  TABLE,
  JSON,
  CSV,
  MARKDOWN;

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
