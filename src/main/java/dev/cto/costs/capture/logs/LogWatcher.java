package dev.cto.costs.capture.logs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps importing: one pass of {@link LogImporter} per interval (new files, appended bytes, a
 * rewritten file, a last line completed since), the state saved after every pass, until {@link
 * #stop()}. Polling rather than file events: it sees the same on every file system (network
 * mounts, a volume shared with an agent's container), and a pass over unchanged files only
 * compares sizes.
 */
public final class LogWatcher {

  /** What a pass tells its caller: its summary, or why it failed (the next pass tries again). */
  public interface Listener {
    void pass(ImportSummary summary);

    /** A failed pass; throwing ends the loop instead (an error that no retry will cure). */
    void failed(RuntimeException e);

    /** Where the passes report how far they got while reading (a progress bar), or nowhere. */
    default ImportProgress progress() {
      return ImportProgress.NONE;
    }
  }

  private final LogImporter importer;
  private final List<Path> roots;
  private final ImportState state;
  private final Attributor attributor;
  private final UsageSink sink;
  private final Duration interval;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);

  public LogWatcher(LogImporter importer, List<Path> roots, ImportState state, Attributor attributor, UsageSink sink,
      Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the poll interval must be positive, was " + interval);
    }
    this.importer = importer;
    this.roots = List.copyOf(roots);
    this.state = state;
    this.attributor = attributor;
    this.sink = sink;
    this.interval = interval;
  }

  /** Runs passes in the calling thread until {@link #stop()}; a pass under way is finished first. */
  public void run(Listener listener) throws InterruptedException {
    try {
      do {
        try {
          ImportSummary summary = importer.run(roots, state, attributor, sink, listener.progress());
          state.save();
          listener.pass(summary);
        } catch (RuntimeException e) {
          // a collector down, a file vanishing mid-read: nothing was remembered, the next pass retries
          listener.failed(e);
        }
      } while (!stop.await(interval.toMillis(), TimeUnit.MILLISECONDS));
    } finally {
      stopped.countDown();
    }
  }

  /** Asks the loop to end after the pass under way. */
  public void stop() {
    stop.countDown();
  }

  /** Waits until the loop ended (its last state saved); false if it did not within {@code timeout}. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Convenience for a listener that only wants the summaries. */
  public static Listener onPass(Consumer<ImportSummary> pass, Consumer<RuntimeException> failed) {
    return new Listener() {
      @Override
      public void pass(ImportSummary summary) {
        pass.accept(summary);
      }

      @Override
      public void failed(RuntimeException e) {
        failed.accept(e);
      }
    };
  }
}
