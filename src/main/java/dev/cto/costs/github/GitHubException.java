package dev.cto.costs.github;

/** GitHub refused or failed a request; the message says what to fix (permission, repository, PR, limit). */
public final class GitHubException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final int status;

  public GitHubException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status GitHub answered with, or -1 when there was no answer. */
  public int status() {
    return status;
  }
}
