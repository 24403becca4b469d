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
 */
public record ImportSummary(
    String cli, long files, long filesRead, long lines, long bytes, long responses, long copies,
    UsageSink.Written written, long skipped, List<String> firstSkipped) {

  public Usd cost() {
    return written.cost();
  }
}
