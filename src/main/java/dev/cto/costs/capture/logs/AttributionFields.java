package dev.cto.costs.capture.logs;

/**
 * Attribution fields, each optional (null: not set here). Used for the command-line flags and for
 * what a rule sets.
 */
public record AttributionFields(String repository, Long pr, String agent, String stage, Integer iteration) {

  public static final AttributionFields NONE = new AttributionFields(null, null, null, null, null);

  /** These fields where set, else the other's. */
  public AttributionFields over(AttributionFields other) {
    return new AttributionFields(
        repository != null ? repository : other.repository,
        pr != null ? pr : other.pr,
        agent != null ? agent : other.agent,
        stage != null ? stage : other.stage,
        iteration != null ? iteration : other.iteration);
  }
}
