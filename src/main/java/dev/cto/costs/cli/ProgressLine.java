package dev.cto.costs.cli;

import dev.cto.costs.capture.logs.ImportProgress;
import dev.cto.costs.report.Numbers;
import java.util.Locale;

/**
 * The text of the import progress bar, from the counters alone, so it can be tested without a
 * terminal: {@code [#########...........]  12/40 files  35.2 MB/s  10,234 records}.
 */
final class ProgressLine {

  static final int BAR = 24;

  private ProgressLine() {}

  /** @param elapsedNanos since the import started; under a millisecond shows no speed yet */
  static String format(ImportProgress.Counters c, long elapsedNanos) {
    long total = Math.max(c.filesTotal(), 0);
    long done = Math.min(Math.max(c.filesDone(), 0), total);
    int filled = total == 0 ? BAR : (int) (BAR * done / total);
    String speed = elapsedNanos < 1_000_000
        ? "-- MB/s"
        : String.format(Locale.ROOT, "%.1f MB/s", c.bytesRead() / 1e6 / (elapsedNanos / 1e9));
    return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]  " + Numbers.count(done) + "/"
        + Numbers.count(total) + " files  " + speed + "  " + Numbers.count(c.records()) + " records";
  }
}
