package dev.cto.costs.budget;

/**
 * What a budget scope is matched against: one model call's repository, PR, agent and model (any
 * may be null when unknown).
 */
public record BudgetSubject(String repository, Long prNumber, String agent, String model) {}
