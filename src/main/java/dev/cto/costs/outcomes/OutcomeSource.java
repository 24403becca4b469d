package dev.cto.costs.outcomes;

import dev.cto.costs.domain.PrOutcome;
import java.util.Optional;

/** Where PR outcomes are read from (GitHub). */
public interface OutcomeSource {

  /**
   * The PR's outcome now.
   *
   * @return empty when the source has no such PR (GitHub's 404)
   * @throws Unavailable when no further PR can be read either (bad credentials, a rate limit too
   *     long to wait out, the source unreachable): the sync stops
   * @throws RepositoryFailure when the repository itself cannot be read: its other PRs are skipped
   * @throws RuntimeException for a failure of this PR alone (its message says why): the sync goes on
   */
  Optional<PrOutcome> read(String repository, long prNumber);

  /** Reading must stop: every further PR would fail the same way. */
  final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A failure of the repository itself (not found, no access): its other PRs are not asked for. */
  final class RepositoryFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RepositoryFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
