package dev.cto.costs.capture.logs;

/**
 * Where an import reports how far it got, for a progress bar. Called often from the reading
 * thread (after each file and every few thousand lines): implementations decide how often to show
 * it and must be cheap.
 */
@FunctionalInterface
public interface ImportProgress {

  ImportProgress NONE = counters -> {};

  /**
   * @param filesDone files finished (read, or unchanged and skipped)
   * @param filesTotal log files found
   * @param bytesRead bytes read so far
   * @param records distinct API responses found so far
   */
  record Counters(long filesDone, long filesTotal, long bytesRead, long records) {}

  void update(Counters counters);
}
