package dev.cto.costs.store;

import dev.cto.costs.domain.Usd;
import java.time.LocalDate;

/**
 * One agent's work on one PR within a filter: what the anomaly report compares an agent's PRs on.
 *
 * @param repository {@code ""} when unknown
 * @param firstDay the UTC day of the agent's first record on the PR within the filter
 * @param cost what the agent spent on the PR within the filter
 * @param maxIteration the agent's highest iteration on the PR within the filter
 */
public record PrAgentWork(String repository, long prNumber, String agent, LocalDate firstDay, Usd cost, int maxIteration) {}
