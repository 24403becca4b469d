package dev.cto.costs.github;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * How long GitHub asks us to wait: {@code Retry-After} first, else until {@code x-ratelimit-reset}
 * when {@code x-ratelimit-remaining} is 0, else a minute (GitHub's advice for secondary limits
 * without a header). github-api retries after the handler returns, at most twice; a wait longer
 * than the configured maximum fails at once instead of stalling the caller.
 */
final class RateLimitWaits {

  /** A rate limit we will not wait out; its message says until when. */
  static final class RateLimitedException extends IOException {
    private static final long serialVersionUID = 1L;

    RateLimitedException(String message) {
      super(message);
    }
  }

  private final Duration maxWait;
  private final Clock clock;

  RateLimitWaits(Duration maxWait, Clock clock) {
    this.maxWait = maxWait;
    this.clock = clock;
  }

  GitHubRateLimitHandler primary() {
    return new GitHubRateLimitHandler() {
      @Override
      public void onError(GitHubConnectorResponse response) throws IOException {
        waitFor(response, "rate limit");
      }
    };
  }

  GitHubAbuseLimitHandler secondary() {
    return new GitHubAbuseLimitHandler() {
      @Override
      public void onError(GitHubConnectorResponse response) throws IOException {
        waitFor(response, "secondary rate limit");
      }
    };
  }

  Duration waitOf(Function<String, String> header) {
    String retryAfter = header.apply("Retry-After");
    if (retryAfter != null) {
      try {
        return Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.trim())));
      } catch (NumberFormatException e) {
        // an HTTP date is allowed too, but GitHub sends seconds; fall through to the reset header
      }
    }
    String remaining = header.apply("x-ratelimit-remaining");
    String reset = header.apply("x-ratelimit-reset");
    if ("0".equals(remaining) && reset != null) {
      try {
        Duration d = Duration.between(clock.instant(), Instant.ofEpochSecond(Long.parseLong(reset.trim()))).plusSeconds(1);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (NumberFormatException e) {
        return Duration.ofMinutes(1);
      }
    }
    return Duration.ofMinutes(1);
  }

  private void waitFor(GitHubConnectorResponse response, String what) throws IOException {
    waitOut(waitOf(response::header), response.statusCode(), what);
  }

  void waitOut(Duration wait, int status, String what) throws IOException {
    if (wait.compareTo(maxWait) > 0) {
      throw new RateLimitedException("GitHub " + what + " reached (HTTP " + status + "): retry after "
          + clock.instant().plus(wait).truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " (" + wait.toSeconds() + " s)");
    }
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting out a GitHub " + what);
    }
  }
}
