package dev.cto.costs.report;

/**
 * How a table reaches its reader: Unicode symbols or ASCII only (a non-UTF-8 locale prints
 * {@code ?} for {@code ✔ → ⚠}), colour for the budget status or none, and the width of the
 * terminal (a table wider than that is laid out as one block per row).
 */
public record TableStyle(boolean unicode, boolean colour, int columns) {

  /** Unicode, no colour, any width: what files, pipes and tests get. */
  public static final TableStyle PLAIN = new TableStyle(true, false, Integer.MAX_VALUE);

  public TableStyle {
    if (columns < 1) {
      throw new IllegalArgumentException("columns must be >= 1, was " + columns);
    }
  }
}
