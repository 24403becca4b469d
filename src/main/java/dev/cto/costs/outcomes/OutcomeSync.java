package dev.cto.costs.outcomes;

import dev.cto.costs.domain.PrOutcome;
import dev.cto.costs.store.PrOutcomes;
import dev.cto.costs.store.PrOutcomes.PrKey;
import dev.cto.costs.store.UsageFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the outcomes of the PRs that need one (no outcome yet, still open, or used after closing)
 * and stores them. Outcomes are saved in batches as they arrive, so a run stopped by a rate limit
 * or an outage keeps what it read; the store's updated_at guard makes a re-run, or a webhook that
 * raced the run, harmless.
 */
public final class OutcomeSync {

  /** Told after each PR read, for progress on long runs. */
  public interface Progress {
    Progress NONE = (done, total) -> {};

    void read(int done, int total);
  }

  static final int BATCH = 50;

  private final PrOutcomes store;
  private final OutcomeSource source;

  public OutcomeSync(PrOutcomes store, OutcomeSource source) {
    this.store = store;
    this.source = source;
  }

  public SyncResult sync(UsageFilter filter, Progress progress) {
    List<PrKey> prs = store.prsNeedingSync(filter);
    List<PrOutcome> batch = new ArrayList<>();
    List<PrKey> notFound = new ArrayList<>();
    List<SyncResult.Failure> failed = new ArrayList<>();
    // a repository that failed (not visible, no permission) fails each of its PRs the same way:
    // asking GitHub again for each would only spend the rate limit
    Map<String, String> failedRepositories = new HashMap<>();
    int read = 0;
    int synced = 0;
    String stopped = null;
    for (PrKey pr : prs) {
      String repositoryProblem = failedRepositories.get(pr.repository());
      if (repositoryProblem != null) {
        failed.add(new SyncResult.Failure(pr, repositoryProblem));
      } else {
        try {
          Optional<PrOutcome> outcome = source.read(pr.repository(), pr.prNumber());
          if (outcome.isPresent()) {
            batch.add(outcome.get());
            read++;
          } else {
            notFound.add(pr);
          }
        } catch (OutcomeSource.Unavailable e) {
          stopped = e.getMessage();
          break;
        } catch (RuntimeException e) {
          failed.add(new SyncResult.Failure(pr, e.getMessage()));
          if (e instanceof OutcomeSource.RepositoryFailure) {
            failedRepositories.put(pr.repository(), e.getMessage());
          }
        }
      }
      if (batch.size() == BATCH) {
        synced += store.saveOutcomes(batch);
        batch.clear();
      }
      progress.read(notFound.size() + failed.size() + read, prs.size());
    }
    synced += store.saveOutcomes(batch);
    return new SyncResult(prs.size(), synced, read - synced, notFound, failed, stopped);
  }
}
