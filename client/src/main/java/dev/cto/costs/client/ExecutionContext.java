package dev.cto.costs.client;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.RecordField;

/**
 * Who the model calls made in this context are charged to: the PR (per repository), the agent, the
 * workflow stage and the agent's iteration on the PR, optionally a task and the coding CLI. An agent
 * run builds one and derives the next with the withers as it moves on (e.g. {@link
 * #withIteration(int)} on a retry).
 *
 * <p>Validated on construction with the record's own rules (the domain's {@link Attribution} and
 * {@link RecordField}, which the collector holds every record to), so a mistake fails where the
 * context is made, not as a rejected batch later on another thread.
 *
 * @param repository {@code owner/name}, or null to let the collector use its default
 * @param prNumber the PR, or null for work not yet tied to one (e.g. intake)
 * @param agent e.g. {@code rex}
 * @param stage e.g. {@code code}, {@code qa}; free text
 * @param iteration 1 for the agent's first attempt on the PR
 * @param taskId optional
 * @param cli optional, e.g. {@code claude}, {@code codex}
 */
public record ExecutionContext(
    String repository, Long prNumber, String agent, String stage, int iteration, String taskId, String cli) {

  public ExecutionContext {
    new Attribution(repository, prNumber, agent, stage, iteration, taskId); // throws naming the field
    RecordField.CLI.check(cli);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The domain's view of this context, as stored with every record. */
  public Attribution attribution() {
    return new Attribution(repository, prNumber, agent, stage, iteration, taskId);
  }

  public ExecutionContext withPr(String repository, long prNumber) {
    return new ExecutionContext(repository, prNumber, agent, stage, iteration, taskId, cli);
  }

  public ExecutionContext withAgent(String agent) {
    return new ExecutionContext(repository, prNumber, agent, stage, iteration, taskId, cli);
  }

  public ExecutionContext withStage(String stage) {
    return new ExecutionContext(repository, prNumber, agent, stage, iteration, taskId, cli);
  }

  public ExecutionContext withIteration(int iteration) {
    return new ExecutionContext(repository, prNumber, agent, stage, iteration, taskId, cli);
  }

  public ExecutionContext withTaskId(String taskId) {
    return new ExecutionContext(repository, prNumber, agent, stage, iteration, taskId, cli);
  }

  public ExecutionContext withCli(String cli) {
    return new ExecutionContext(repository, prNumber, agent, stage, iteration, taskId, cli);
  }

  /** Collects the fields by name; {@link #build()} validates them. Iteration defaults to 1. */
  public static final class Builder {
    private String repository;
    private Long prNumber;
    private String agent;
    private String stage;
    private int iteration = 1;
    private String taskId;
    private String cli;

    private Builder() {}

    public Builder repository(String repository) {
      this.repository = repository;
      return this;
    }

    public Builder prNumber(long prNumber) {
      this.prNumber = prNumber;
      return this;
    }

    public Builder agent(String agent) {
      this.agent = agent;
      return this;
    }

    public Builder stage(String stage) {
      this.stage = stage;
      return this;
    }

    public Builder iteration(int iteration) {
      this.iteration = iteration;
      return this;
    }

    public Builder taskId(String taskId) {
      this.taskId = taskId;
      return this;
    }

    public Builder cli(String cli) {
      this.cli = cli;
      return this;
    }

    /** @throws dev.cto.costs.domain.InvalidRecordException naming the field that is missing or out of range */
    public ExecutionContext build() {
      return new ExecutionContext(repository, prNumber, agent, stage, iteration, taskId, cli);
    }
  }
}
