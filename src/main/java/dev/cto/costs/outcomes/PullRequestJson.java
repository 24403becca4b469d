package dev.cto.costs.outcomes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cto.costs.domain.InvalidRecordException;
import dev.cto.costs.domain.PrOutcome;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads a PR's outcome from a GitHub {@code pull_request} webhook payload: the repository's
 * {@code full_name} and the {@code pull_request} object (state, merged, merged_at, closed_at,
 * additions, deletions, updated_at), the same object {@code GET /repos/{owner}/{repo}/pulls/{n}}
 * returns. A payload that lacks one of them is refused naming the field, never stored in part.
 */
public final class PullRequestJson {

  private PullRequestJson() {}

  /**
   * @throws InvalidRecordException (an IllegalArgumentException) naming the field at fault
   */
  public static PrOutcome outcome(JsonNode payload, Instant receivedAt) {
    String repository = text(payload.path("repository"), "repository.full_name", "full_name", true);
    JsonNode pr = payload.path("pull_request");
    if (!pr.isObject()) {
      throw new InvalidRecordException("pull_request", "must be an object");
    }
    long number = count(pr, "number");
    String state = text(pr, "pull_request.state", "state", true);
    Instant mergedAt = time(pr, "merged_at", false);
    // "merged" is in every payload GitHub sends; merged_at alone decides when it is absent
    boolean merged = pr.path("merged").isBoolean() ? pr.path("merged").asBoolean() : mergedAt != null;
    PrOutcome.State outcome = switch (state) {
      case "open" -> PrOutcome.State.OPEN;
      case "closed" -> merged ? PrOutcome.State.MERGED : PrOutcome.State.CLOSED;
      default -> throw new InvalidRecordException("pull_request.state", "must be open or closed, was \"" + state + "\"");
    };
    return new PrOutcome(repository, number, outcome, outcome == PrOutcome.State.MERGED ? mergedAt : null,
        time(pr, "closed_at", false), count(pr, "additions"), count(pr, "deletions"), time(pr, "updated_at", true),
        receivedAt);
  }

  private static String text(JsonNode parent, String path, String field, boolean required) {
    JsonNode n = parent.path(field);
    if (n.isMissingNode() || n.isNull()) {
      if (required) {
        throw new InvalidRecordException(path, "is required");
      }
      return null;
    }
    if (!n.isTextual()) {
      throw new InvalidRecordException(path, "must be a string, was " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    return n.asText();
  }

  private static long count(JsonNode pr, String field) {
    JsonNode n = pr.path(field);
    if (n.isMissingNode() || n.isNull()) {
      throw new InvalidRecordException("pull_request." + field, "is required");
    }
    if (!n.canConvertToExactIntegral() || !n.canConvertToLong()) {
      throw new InvalidRecordException("pull_request." + field, "must be an integer, was " + n);
    }
    return n.asLong();
  }

  private static Instant time(JsonNode pr, String field, boolean required) {
    String text = text(pr, "pull_request." + field, field, required);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidRecordException("pull_request." + field, "must be an ISO 8601 UTC time, was \"" + text + "\"");
    }
  }
}
