package dev.cto.costs.github;

import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.domain.ThresholdLevel;
import dev.cto.costs.github.CommentMarker.Stamp;
import dev.cto.costs.github.GitHubClient.Comment;
import dev.cto.costs.github.PublishResult.Outcome;
import dev.cto.costs.report.PrReport;
import dev.cto.costs.report.ReportService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.kohsuke.github.GHIssue;

/**
 * Keeps one cost comment per PR: finds it by its exact marker, edits it in place (or replaces it,
 * per {@link CommentBehavior}), writes nothing when it already shows the same, and leaves it alone
 * when it shows a report newer than the one this run read. Called by {@code cto-cli costs comment},
 * the {@code serve} scheduler and the threshold PR-comment sink.
 *
 * <p>"Newer" compares the instants at which runs read the store, so replicas need roughly synced
 * clocks. Two runs for the same PR at the same moment can both find no comment and both create
 * one: a run that created the first comment looks again, and if an earlier marked comment exists
 * it deletes its own and keeps the earliest, with whichever report is newer. Every run chooses
 * the same survivor, so the PR ends with one comment.
 */
public final class PrCommentPublisher {

  private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

  private final ReportService reports;
  private final GitHubClient github;
  private final PrCommentRenderer renderer;
  private final Clock clock;

  /** @param github null for a publisher that can only {@link #preview} */
  public PrCommentPublisher(ReportService reports, GitHubClient github, PrCommentRenderer renderer, Clock clock) {
    this.reports = reports;
    this.github = github;
    this.renderer = renderer;
    this.clock = clock;
  }

  /** The body a first comment would have, without talking to GitHub ({@code --dry-run}). */
  public String preview(String repository, long pr) {
    checkTarget(repository, pr);
    Instant asOf = clock.instant();
    PrReport report = reports.prReport(repository, pr, true);
    return renderer.render(report, new Stamp(asOf, report.records(), nanos(report), null), null);
  }

  /**
   * Publishes the PR's current report.
   *
   * @param crossingOrNull null for a periodic update; a crossing being announced shows in the status
   *     line, and an {@code error} crossing also gets its own marked comment, once
   */
  public PublishResult publish(String repository, long pr, ThresholdCrossing crossingOrNull) {
    checkTarget(repository, pr);
    if (github == null) {
      throw new IllegalStateException("this publisher has no GitHub client (dry run only)");
    }
    Instant asOf = clock.instant(); // before reading: a run that reads later data always has a later stamp
    PrReport report = reports.prReport(repository, pr, true);
    GHIssue issue = github.issue(repository, pr);
    List<Comment> comments = github.comments(issue, repository, pr);
    String marker = CommentMarker.report(repository, pr);
    List<Comment> ours = comments.stream().filter(c -> CommentMarker.carries(c.body(), marker)).toList();
    Comment latest = ours.isEmpty() ? null : ours.get(ours.size() - 1);
    Optional<Stamp> previous = latest == null ? Optional.empty() : Stamp.in(latest.body());

    String alertUrl = errorAlert(issue, comments, report, crossingOrNull);
    if (previous.isPresent() && previous.get().asOf().isAfter(asOf)) {
      return new PublishResult(Outcome.SKIPPED_STALE, latest.url(), alertUrl);
    }
    long total = nanos(report);
    // The change is measured from the last different total, so re-running without new usage renders the same body.
    Long baseline = previous.map(p -> p.totalNanos() != total ? Long.valueOf(p.totalNanos()) : p.baselineNanos()).orElse(null);
    String body = renderer.render(report, new Stamp(asOf, report.records(), total, baseline), crossingOrNull);
    if (latest != null && CommentMarker.visible(latest.body()).equals(CommentMarker.visible(body))) {
      return new PublishResult(Outcome.UNCHANGED, latest.url(), alertUrl);
    }
    CommentBehavior behavior = github.settings().behavior();
    if (latest != null && behavior == CommentBehavior.UPDATE) {
      github.update(latest, repository, pr, body);
      return new PublishResult(Outcome.UPDATED, latest.url(), alertUrl);
    }
    Comment created = github.create(issue, repository, pr, body);
    if (behavior == CommentBehavior.NEW) {
      return new PublishResult(Outcome.CREATED, created.url(), alertUrl);
    }
    if (latest == null) {
      return settleRace(issue, repository, pr, marker, created, body, asOf, alertUrl);
    }
    if (behavior == CommentBehavior.HIDE_AND_NEW) {
      github.minimize(latest, repository, pr); // earlier ones were hidden by earlier runs
    } else {
      for (Comment old : ours) {
        github.delete(old, repository, pr);
      }
    }
    return new PublishResult(Outcome.REPLACED, created.url(), alertUrl);
  }

  /**
   * After creating the PR's first comment: another run may have created one meanwhile. The
   * earliest stays (every run agrees on it); a later one is deleted, and its report moves to the
   * earliest if it is the newer of the two.
   */
  private PublishResult settleRace(GHIssue issue, String repository, long pr, String marker, Comment created,
      String body, Instant asOf, String alertUrl) {
    List<Comment> ours = github.comments(issue, repository, pr).stream()
        .filter(c -> CommentMarker.carries(c.body(), marker)).toList();
    Comment first = ours.isEmpty() ? created : ours.get(0);
    if (first.id() == created.id()) {
      return new PublishResult(Outcome.CREATED, created.url(), alertUrl);
    }
    github.delete(created, repository, pr);
    Optional<Stamp> theirs = Stamp.in(first.body());
    if (theirs.isPresent() && !theirs.get().asOf().isBefore(asOf)) {
      return new PublishResult(Outcome.SKIPPED_STALE, first.url(), alertUrl);
    }
    github.update(first, repository, pr, body);
    return new PublishResult(Outcome.UPDATED, first.url(), alertUrl);
  }

  private String errorAlert(GHIssue issue, List<Comment> comments, PrReport report, ThresholdCrossing crossing) {
    if (crossing == null || crossing.level() != ThresholdLevel.ERROR) {
      return null;
    }
    String marker = CommentMarker.errorAlert(report.repository(), report.prNumber());
    if (comments.stream().anyMatch(c -> CommentMarker.carries(c.body(), marker))) {
      return null; // announced before (by this or another replica)
    }
    return github.create(issue, report.repository(), report.prNumber(), renderer.renderErrorAlert(report, crossing)).url();
  }

  private static long nanos(PrReport report) {
    return report.totalCostUsd().movePointRight(9).longValueExact();
  }

  private static void checkTarget(String repository, long pr) {
    if (repository == null || !REPOSITORY.matcher(repository).matches()) {
      throw new IllegalArgumentException("the repository must look like owner/name, was " + (repository == null ? "none" : "\"" + repository + "\""));
    }
    if (pr < 1) {
      throw new IllegalArgumentException("the PR number must be >= 1, was " + pr);
    }
  }
}
