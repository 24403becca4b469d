package dev.cto.costs.github;

/**
 * What publishing a PR's cost report did.
 *
 * @param commentUrl the cost comment shown on the PR now (null when a stale run was skipped and none exists)
 * @param errorAlertUrl the separate error-threshold comment, when this call posted it; else null
 */
public record PublishResult(Outcome outcome, String commentUrl, String errorAlertUrl) {

  public enum Outcome {
    /** A cost comment was posted (no earlier one, or behaviour {@code new}). */
    CREATED,
    /** The existing comment was edited in place. */
    UPDATED,
    /** The comment already shows this report: nothing was written. */
    UNCHANGED,
    /** The comment shows a newer report than this run read: left alone. */
    SKIPPED_STALE,
    /** A new comment replaced the previous one (hidden or deleted). */
    REPLACED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }
}
