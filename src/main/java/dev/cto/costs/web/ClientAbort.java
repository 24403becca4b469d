package dev.cto.costs.web;

import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.EofException;

/**
 * A request that failed because its client went away or stopped sending (Jetty's early EOF, a
 * reset, an idle timeout while reading the body): nothing is wrong with the service, so it is
 * one line at WARN, not an ERROR with a stack trace.
 */
final class ClientAbort {

  private ClientAbort() {}

  static boolean is(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof EofException || t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** The innermost message, e.g. {@code Early EOF} or {@code Idle timeout expired: 30000/30000 ms}. */
  static String reason(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
