package dev.cto.costs.report;

import java.util.List;

/**
 * PR reports side by side, in the order asked (docs/reports.md, {@code costs compare}). PRs without
 * any cost data are left out and named in {@code missing_prs}, so one typo does not hide the rest.
 */
public record Comparison(List<PrReport> reports, List<Long> missingPrs) {

  public Comparison {
    missingPrs = missingPrs == null ? List.of() : List.copyOf(missingPrs);
  }

  public Comparison(List<PrReport> reports) {
    this(reports, List.of());
  }
}
