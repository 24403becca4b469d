package dev.cto.costs.github;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hidden HTML comments that make a PR comment ours: an exact marker per repository and PR (how
 * the comment is found again) and the metadata of the report it shows (how an older run knows it
 * is older, and what the "since the last update" change is measured from).
 */
final class CommentMarker {

  private static final Pattern META = Pattern.compile(
      "<!-- cto-costs:data as_of=(\\S+) records=(\\d+) total_nanos=(-?\\d+) baseline_nanos=(-?\\d+|none) -->");

  private CommentMarker() {}

  /** The marker of the cost report comment; ends the body, exact per repository and PR. */
  static String report(String repository, long pr) {
    return "<!-- cto-costs:pr-cost-report repo=" + repository + " pr=" + pr + " -->";
  }

  /** The marker of the separate comment announcing that the error threshold was crossed. */
  static String errorAlert(String repository, long pr) {
    return "<!-- cto-costs:pr-cost-error repo=" + repository + " pr=" + pr + " -->";
  }

  static boolean carries(String body, String marker) {
    return body != null && body.lines().anyMatch(marker::equals);
  }

  /**
   * What a published report was computed from.
   *
   * @param asOf when the report was read from the store (an older run has an earlier instant)
   * @param baselineNanos the total the shown change is measured from, null when none is shown
   */
  record Stamp(Instant asOf, long records, long totalNanos, Long baselineNanos) {

    String line() {
      return "<!-- cto-costs:data as_of=" + asOf + " records=" + records + " total_nanos=" + totalNanos
          + " baseline_nanos=" + (baselineNanos == null ? "none" : baselineNanos) + " -->";
    }

    static Optional<Stamp> in(String body) {
      if (body == null) {
        return Optional.empty();
      }
      Matcher m = META.matcher(body);
      if (!m.find()) {
        return Optional.empty();
      }
      try {
        return Optional.of(new Stamp(Instant.parse(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
            "none".equals(m.group(4)) ? null : Long.parseLong(m.group(4))));
      } catch (RuntimeException e) {
        return Optional.empty(); // hand-edited metadata: treat as a comment without a stamp
      }
    }
  }

  /** The body without its metadata line: two bodies showing the same thing compare equal. */
  static String visible(String body) {
    return body == null ? "" : META.matcher(body).replaceAll("").strip();
  }
}
