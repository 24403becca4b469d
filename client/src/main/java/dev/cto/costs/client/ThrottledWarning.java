package dev.cto.costs.client;

import java.lang.System.Logger.Level;

/**
 * A warning that repeats for every lost record would flood the host's log exactly when it is under
 * load, so this logs the first occurrence and then every {@value #EVERY}th, with the running count.
 */
final class ThrottledWarning {

  static final int EVERY = 1000;

  private final System.Logger logger;

  ThrottledWarning(System.Logger logger) {
    this.logger = logger;
  }

  /** @param count how many so far, this one included */
  void warn(long count, String message) {
    if (count == 1 || count % EVERY == 0) {
      logger.log(Level.WARNING, message + " (" + count + " so far)");
    }
  }
}
