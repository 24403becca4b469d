package dev.cto.costs.client;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The collector did not commit a {@code POST /v1/usage}. The subtypes say what a caller should do;
 * this type itself is any other answer (404, 403 disabled, …): a setup problem, not worth a retry.
 */
public class CollectorException extends IOException {

  private static final long serialVersionUID = 1L;

  private final int status;

  CollectorException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status, 0 when no answer came. */
  public int status() {
    return status;
  }

  /** One problem the collector found ({@code details[]} of its 400), as it names it. */
  public record Detail(int index, Integer line, String field, String message) {}

  /**
   * 400 (invalid records) or 422 (the store refused a value): nothing was stored and the same
   * records fail again, so they must never be retried.
   */
  public static final class Refused extends CollectorException {
    private static final long serialVersionUID = 1L;
    private final transient List<Detail> details;

    Refused(int status, String message, List<Detail> details) {
      super(status, message, null);
      this.details = details;
    }

    public List<Detail> details() {
      return details;
    }
  }

  /** 401: no token, or not the collector's. */
  public static final class Unauthorized extends CollectorException {
    private static final long serialVersionUID = 1L;

    Unauthorized(String message) {
      super(401, message, null);
    }
  }

  /** 413: over the collector's body or record limit; smaller requests fit. */
  public static final class TooLarge extends CollectorException {
    private static final long serialVersionUID = 1L;

    TooLarge(String message) {
      super(413, message, null);
    }
  }

  /** Busy, restarting, cannot commit now, or unreachable: the same request may succeed later. */
  public static final class TryLater extends CollectorException {
    private static final long serialVersionUID = 1L;
    private final transient Optional<Duration> retryAfter;

    TryLater(int status, String message, Optional<Duration> retryAfter, Throwable cause) {
      super(status, message, cause);
      this.retryAfter = retryAfter;
    }

    /** The server's Retry-After, when it sent one that parses. */
    public Optional<Duration> retryAfter() {
      return retryAfter;
    }
  }
}
