package dev.cto.costs.domain;

import java.time.Instant;

/**
 * The fact that a PR's stored total reached a threshold. Recorded once per (repository, PR,
 * level) in the store, so every replica and every restart agrees it has happened.
 *
 * @param repository the PR's repository, {@code ""} when unknown
 */
public record ThresholdCrossing(
    String repository, long prNumber, ThresholdLevel level, Usd threshold, Usd total,
    Instant crossedAt) implements Alert {}
