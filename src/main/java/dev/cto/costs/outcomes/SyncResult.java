package dev.cto.costs.outcomes;

import dev.cto.costs.store.PrOutcomes.PrKey;
import java.util.List;

/**
 * What a sync did.
 *
 * @param candidates the PRs it set out to read
 * @param synced outcomes stored new or changed
 * @param unchanged outcomes read but already stored as they are
 * @param notFound PRs the source has no record of (GitHub's 404)
 * @param failed PRs that could not be read, with why
 * @param stoppedBecause why reading stopped before the end (the rest were not read), or null
 */
public record SyncResult(
    int candidates, int synced, int unchanged, List<PrKey> notFound, List<Failure> failed, String stoppedBecause) {

  /** A PR that could not be read. */
  public record Failure(PrKey pr, String reason) {}

  public SyncResult {
    notFound = List.copyOf(notFound);
    failed = List.copyOf(failed);
  }

  /** The PRs never asked about because reading stopped. */
  public int notRead() {
    return candidates - synced - unchanged - notFound.size() - failed.size();
  }

  /** {@code synced 3, unchanged 1, not found 1, failed 0}: the summary line. */
  public String summary() {
    String line = "synced " + synced + ", unchanged " + unchanged + ", not found " + notFound.size() + ", failed "
        + failed.size();
    return stoppedBecause == null ? line : line + ", not read " + notRead();
  }
}
