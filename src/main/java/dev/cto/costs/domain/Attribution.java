package dev.cto.costs.domain;

import java.util.Objects;

/**
 * Who a model call is charged to: the PR (per repository), the agent, the workflow stage, the
 * agent's iteration on that PR, and optionally a task.
 *
 * @param repository {@code owner/name}, or null when unknown
 * @param prNumber the PR, or null for work not yet tied to a PR (e.g. intake)
 * @param agent e.g. {@code rex}
 * @param stage e.g. {@code code}; free text
 * @param iteration 1 for the first attempt
 * @param taskId optional
 */
public record Attribution(
    String repository, Long prNumber, String agent, String stage, int iteration, String taskId) {

  public Attribution {
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(stage, "stage");
    if (prNumber != null && prNumber < 1) {
      throw new IllegalArgumentException("pr_number must be >= 1, was " + prNumber);
    }
    if (iteration < 1) {
      throw new IllegalArgumentException("iteration must be >= 1, was " + iteration);
    }
  }
}
