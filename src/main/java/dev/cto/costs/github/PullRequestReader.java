package dev.cto.costs.github;

import dev.cto.costs.domain.PrOutcome;
import dev.cto.costs.outcomes.OutcomeSource;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;

/**
 * Reads a PR's outcome (state, merge and close times, additions, deletions) from GitHub's pulls
 * API, through the client the PR comments use: same credentials, App auth and rate-limit waits.
 */
public final class PullRequestReader implements OutcomeSource {

  private final GitHubClient client;
  private final Clock clock;

  public PullRequestReader(GitHubClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public Optional<PrOutcome> read(String repository, long prNumber) {
    GHRepository repo;
    try {
      repo = client.repository(repository);
    } catch (GitHubException e) {
      throw stopping(e) ? new Unavailable(e.getMessage(), e) : new RepositoryFailure(e.getMessage(), e);
    }
    GHPullRequest pr;
    try {
      pr = client.pullRequest(repo, repository, prNumber);
    } catch (GitHubException e) {
      if (e.status() == 404) {
        return Optional.empty(); // an issue number, or a PR deleted with its repository's history
      }
      throw stopping(e) ? new Unavailable(e.getMessage(), e) : e;
    }
    return Optional.of(outcome(repository, prNumber, pr));
  }

  private PrOutcome outcome(String repository, long prNumber, GHPullRequest pr) {
    return GitHubClient.call(() -> {
      boolean merged = pr.isMerged(); // a merged PR's state is "closed" too
      PrOutcome.State state = merged ? PrOutcome.State.MERGED
          : pr.getState() == GHIssueState.CLOSED ? PrOutcome.State.CLOSED : PrOutcome.State.OPEN;
      return new PrOutcome(repository, prNumber, state, merged ? instant(pr.getMergedAt()) : null,
          instant(pr.getClosedAt()), pr.getAdditions(), pr.getDeletions(), instant(pr.getUpdatedAt()), clock.instant());
    }, "read PR #" + prNumber + " of " + repository, repository, prNumber);
  }

  /** Bad credentials, a limit too long to wait out, GitHub unreachable: no other PR would fare better. */
  private static boolean stopping(GitHubException e) {
    return e.status() == 401 || e.status() == 429 || e.status() == -1;
  }

  private static java.time.Instant instant(Date d) {
    return d == null ? null : d.toInstant();
  }
}
