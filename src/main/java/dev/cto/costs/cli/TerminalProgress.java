package dev.cto.costs.cli;

import dev.cto.costs.capture.logs.ImportProgress;
import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * Draws {@link ProgressLine} on one terminal line with carriage returns, at most ten times a
 * second however often the import reports, and erases it before anything else is printed.
 */
final class TerminalProgress implements ImportProgress {

  static final long REFRESH_NANOS = 100_000_000L;

  private final PrintWriter err;
  private final LongSupplier nanoTime;
  private final long start;
  private long lastDrawn;
  private int drawnWidth;

  TerminalProgress(PrintWriter err, LongSupplier nanoTime) {
    this.err = err;
    this.nanoTime = nanoTime;
    this.start = nanoTime.getAsLong();
    this.lastDrawn = start - REFRESH_NANOS;
  }

  /** A bar on standard error when it is a terminal and the user wants one, else nothing. */
  static ImportProgress forTerminal(PrintWriter err, boolean wanted) {
    return wanted && System.console() != null ? new TerminalProgress(err, System::nanoTime) : ImportProgress.NONE;
  }

  @Override
  public void update(Counters counters) {
    long now = nanoTime.getAsLong();
    if (now - lastDrawn < REFRESH_NANOS && counters.filesDone() < counters.filesTotal()) {
      return;
    }
    lastDrawn = now;
    String line = ProgressLine.format(counters, now - start);
    // pad over the rest of a longer previous line
    err.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
    err.flush();
    drawnWidth = line.length();
  }

  /** Erases the bar, so the summary starts on a clean line. */
  static void clear(ImportProgress progress) {
    if (progress instanceof TerminalProgress t && t.drawnWidth > 0) {
      t.err.print("\r" + " ".repeat(t.drawnWidth) + "\r");
      t.err.flush();
      t.drawnWidth = 0;
    }
  }
}
