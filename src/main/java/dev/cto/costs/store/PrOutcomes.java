package dev.cto.costs.store;

import dev.cto.costs.domain.PrOutcome;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What became of the PRs with usage (table {@code pr_outcomes}): written by {@code costs prs sync}
 * and the GitHub webhook, joined by reports on (repository, PR number).
 */
public interface PrOutcomes {

  /** A PR: the key of an outcome. */
  record PrKey(String repository, long prNumber) {}

  /**
   * Stores the outcomes in one transaction (all or none). An outcome replaces the stored one only
   * when its GitHub {@code updated_at} is newer, or equal with different facts (two events in the
   * same second: the later arrival wins); an older one, or a replay, changes nothing.
   *
   * @return how many rows were inserted or replaced
   */
  int saveOutcomes(Collection<PrOutcome> outcomes);

  /** The stored outcome of a PR. */
  Optional<PrOutcome> outcome(String repository, long prNumber);

  /**
   * The stored outcomes of the PRs that have usage matching the filter (joined in the database),
   * ordered by repository and PR number. PRs with usage but no outcome are not listed.
   */
  List<PrOutcome> outcomesWithUsage(UsageFilter filter);

  /**
   * The PRs with usage matching the filter whose outcome may still change: none stored, still open,
   * or closed before usage recorded after it (reopened, most likely). Merged is final. Ordered by
   * repository and PR number.
   */
  List<PrKey> prsNeedingSync(UsageFilter filter);
}
