package dev.cto.costs.analytics;

import java.time.LocalDate;

/**
 * One agent's work on one PR, as aggregated in SQL from the daily rollup.
 *
 * @param date the UTC day of the agent's first record on the PR in the window read: "the PR's date"
 * @param iterations the agent's highest iteration on the PR
 */
record PrWork(String repository, long pr, String agent, LocalDate date, long costNanos, int iterations) {}
