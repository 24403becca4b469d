package dev.cto.costs.capture.logs;

/**
 * Where an import reports how far it got, for a progress bar: from the thread that called the
 * import, once the files are listed and as each file is done (files are read in parallel and
 * combined in order). Implementations decide how often to show it and must be cheap.
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
