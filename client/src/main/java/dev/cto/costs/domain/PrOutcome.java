package dev.cto.costs.domain;

import java.time.Instant;
import java.util.Locale;

/**
 * What became of a PR on GitHub: its state, when it merged or closed, and its size. Checks its own
 * rules, so an outcome that exists is one the store can hold and a report can trust.
 *
 * @param repository {@code owner/name}
 * @param prNumber the PR, {@code >= 1}
 * @param state open, closed (without merging) or merged
 * @param mergedAt when it merged; present exactly when the state is merged
 * @param closedAt when it closed (merged PRs close too); null while open
 * @param additions lines added, as GitHub counts them
 * @param deletions lines deleted
 * @param updatedAt GitHub's {@code updated_at} for this state: orders states that arrive out of order
 * @param syncedAt when this outcome was read from GitHub or received by webhook
 */
public record PrOutcome(
    String repository, long prNumber, State state, Instant mergedAt, Instant closedAt,
    long additions, long deletions, Instant updatedAt, Instant syncedAt) {

  /** A PR's state; merged is told apart from closed without merging (GitHub calls both "closed"). */
  public enum State {
    OPEN, CLOSED, MERGED;

    /** The name stored and shown: {@code open}, {@code closed}, {@code merged}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The state for a wire name; an IllegalArgumentException naming the accepted ones otherwise. */
    public static State ofWireName(String name) {
      for (State s : values()) {
        if (s.wireName().equals(name)) {
          return s;
        }
      }
      throw new InvalidRecordException("state", "must be open, closed or merged, was \""
          + RecordField.abbreviate(String.valueOf(name)) + "\"");
    }
  }

  public PrOutcome {
    RecordField.REPOSITORY.require(repository);
    if (prNumber < 1) {
      throw new InvalidRecordException("pr_number", "must be an integer >= 1, was " + prNumber);
    }
    if (state == null) {
      throw new InvalidRecordException("state", "is required");
    }
    if (state == State.MERGED && mergedAt == null) {
      throw new InvalidRecordException("merged_at", "is required when the state is merged");
    }
    if (state != State.MERGED && mergedAt != null) {
      throw new InvalidRecordException("merged_at", "must be null unless the state is merged, state was " + state.wireName());
    }
    checkCount("additions", additions);
    checkCount("deletions", deletions);
    checkTime("merged_at", mergedAt, false);
    checkTime("closed_at", closedAt, false);
    checkTime("updated_at", updatedAt, true);
    checkTime("synced_at", syncedAt, true);
  }

  /** Lines changed: additions plus deletions, the denominator of cost per changed line. */
  public long changedLines() {
    return additions + deletions;
  }

  private static void checkCount(String field, long value) {
    // GitHub's counts fit far below this; the bound keeps additions + deletions from overflowing
    if (value < 0 || value > RecordField.MAX_TOKENS) {
      throw new InvalidRecordException(field, "must be an integer from 0 to 10^12, was " + value);
    }
  }

  private static void checkTime(String field, Instant t, boolean required) {
    if (t == null) {
      if (required) {
        throw new InvalidRecordException(field, "is required");
      }
      return;
    }
    if (t.isBefore(RecordField.EARLIEST) || t.isAfter(RecordField.LATEST)) {
      throw new InvalidRecordException(field, "must be between years 0001 and 9999, was " + t);
    }
  }
}
