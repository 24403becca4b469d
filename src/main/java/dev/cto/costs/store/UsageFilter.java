package dev.cto.costs.store;

import java.time.Instant;

/**
 * Which records a query covers; null fields do not filter.
 *
 * @param repository exact repository ({@code ""} selects records without one)
 * @param prNumber exact PR
 * @param agent exact agent
 * @param from inclusive lower bound on the record timestamp
 * @param until exclusive upper bound on the record timestamp
 * @param priced only priced (true) or only unpriced (false) records
 */
public record UsageFilter(
    String repository, Long prNumber, String agent, Instant from, Instant until, Boolean priced) {

  public static final UsageFilter ALL = new UsageFilter(null, null, null, null, null, null);

  public static UsageFilter pr(String repository, long prNumber) {
    return new UsageFilter(repository, prNumber, null, null, null, null);
  }

  public static UsageFilter agent(String agent, Instant from, Instant until) {
    return new UsageFilter(null, null, agent, from, until, null);
  }

  public static UsageFilter period(Instant from, Instant until) {
    return new UsageFilter(null, null, null, from, until, null);
  }

  public UsageFilter withPriced(Boolean onlyPriced) {
    return new UsageFilter(repository, prNumber, agent, from, until, onlyPriced);
  }
}
