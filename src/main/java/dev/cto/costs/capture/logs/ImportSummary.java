package dev.cto.costs.capture.logs;

import dev.cto.costs.domain.Usd;
import java.util.List;

/**
 * What one import did.
 *
 * @param files log files found
 * @param filesRead files with new bytes (the others were unchanged since the last run)
 * @param lines complete lines read
 * @param bytes bytes read
 * @param responses distinct API responses found (after merging the copies)
 * @param copies usage lines that repeated a response already counted (content blocks, replays, re-emitted events)
 * @param written what the store made of the records: new, duplicate (already imported), cost
 * @param skipped bad lines, including half-written last lines left for the next run
 * @param firstSkipped {@code file:line: reason} of the first ten
 * @param unreadable files and folders that could not be read: not imported, tried again next run
 */
public record ImportSummary(
    String cli, long files, long filesRead, long lines, long bytes, long responses, long copies,
    UsageSink.Written written, long skipped, List<String> firstSkipped, List<Unreadable> unreadable) {

  public ImportSummary {
    firstSkipped = List.copyOf(firstSkipped);
    unreadable = List.copyOf(unreadable);
  }

  /** Something could not be read and nothing else was there to read: the run achieved nothing. */
  public boolean nothingReadable() {
    return !unreadable.isEmpty() && files == unreadable.stream().filter(u -> !u.folder()).count();
  }

  public Usd cost() {
    return written.cost();
  }
}
