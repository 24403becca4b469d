package dev.cto.costs.domain;

/**
 * Who a model call is charged to: the PR (per repository), the agent, the workflow stage, the
 * agent's iteration on that PR, and optionally a task. Checks its own rules ({@link RecordField}):
 * an attribution that exists is one the store can hold.
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
    RecordField.REPOSITORY.check(repository);
    if (prNumber != null && prNumber < 1) {
      throw new InvalidRecordException("pr_number", "must be an integer >= 1, was " + prNumber);
    }
    RecordField.AGENT.require(agent);
    RecordField.STAGE.require(stage);
    if (iteration < 1) {
      throw new InvalidRecordException("iteration", "must be an integer >= 1, was " + iteration);
    }
    RecordField.TASK_ID.check(taskId);
  }
}
