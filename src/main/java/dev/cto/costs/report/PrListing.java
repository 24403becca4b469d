package dev.cto.costs.report;

import dev.cto.costs.report.Lines.PrListLine;
import java.time.Instant;
import java.util.List;

/**
 * The PRs that match a filter ({@code costs prs list}), sorted by cost or by last activity. With an
 * agent filter each PR's numbers are that agent's share of it.
 *
 * @param total how many PRs matched before the limit
 */
public record PrListing(
    String repository, String agent, Instant since, Instant until, String sort, long total, List<PrListLine> prs) {

  /** How the PRs are ordered: the most expensive first, or the most recently active first. */
  public enum Sort {
    COST, DATE;

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
