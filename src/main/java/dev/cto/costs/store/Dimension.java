package dev.cto.costs.store;

/**
 * What an aggregation groups by. Key values in {@link GroupTotals#key()} have these Java types:
 * {@code REPOSITORY, AGENT, STAGE, MODEL, PROVIDER, CLI}: String (repository {@code ""} when
 * unknown, provider/cli may be null); {@code PR}: Long (null when the work has no PR); {@code
 * ITERATION}: Integer; {@code PRICED}: Boolean; {@code DAY}: {@link java.time.LocalDate} (UTC).
 */
public enum Dimension {
  REPOSITORY,
  PR,
  AGENT,
  STAGE,
  ITERATION,
  MODEL,
  PROVIDER,
  CLI,
  PRICED,
  DAY
}
