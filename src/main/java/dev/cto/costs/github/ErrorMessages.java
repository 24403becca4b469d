package dev.cto.costs.github;

import java.io.FileNotFoundException;
import java.io.IOException;
import org.kohsuke.github.HttpException;

/** Turns what GitHub answered into a sentence that says what to fix. */
final class ErrorMessages {

  private static final String PERMISSIONS = "the token needs `pull_requests: write` and `issues: write` on the repository "
      + "(GitHub Actions: `permissions: pull-requests: write`; a GitHub App: the same permissions, installed on it)";

  private ErrorMessages() {}

  static GitHubException explain(IOException e, String action, String repository, long pr) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RateLimitWaits.RateLimitedException limited) {
        return new GitHubException("cannot " + action + ": " + limited.getMessage(), 429, e);
      }
    }
    int status = e instanceof FileNotFoundException ? 404 : e instanceof HttpException h ? h.getResponseCode() : -1;
    String detail = githubMessage(e);
    String message = switch (status) {
      case 401 -> "GitHub rejected the credentials (HTTP 401) when trying to " + action
          + ": the token is invalid or expired (GITHUB_TOKEN, or the GitHub App's key and id)";
      case 403 -> "GitHub refused to " + action + " (HTTP 403" + detail + "): " + PERMISSIONS;
      case 404 -> notFound(action, repository, pr, detail);
      case 422 -> "GitHub rejected the request to " + action + " (HTTP 422" + detail + ")";
      case 429 -> "GitHub kept rate-limiting the request to " + action + " (HTTP 429" + detail + "); try again later";
      case -1 -> e.getMessage() != null && e.getMessage().startsWith("Ran out of retries")
          ? "GitHub kept rate-limiting the request to " + action + "; try again later"
          : unreachable(e, action);
      default -> "GitHub failed to " + action + " (HTTP " + status + detail + ")";
    };
    return new GitHubException(message, status, e);
  }

  private static String notFound(String action, String repository, long pr, String detail) {
    if (action.startsWith("read the repository")) {
      return "GitHub has no repository " + repository + " visible to these credentials (HTTP 404" + detail
          + "): check --repo (owner/name) and that the token or App has access to it";
    }
    if (action.startsWith("read PR")) {
      return "GitHub has no PR #" + pr + " in " + repository + " (HTTP 404" + detail + "): check --pr and --repo";
    }
    return "GitHub answered 404 when trying to " + action + " (HTTP 404" + detail + "): it is gone, or " + PERMISSIONS;
  }

  private static String unreachable(IOException e, String action) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnreachableException u) {
        return "cannot reach GitHub at " + u.getMessage() + " (to " + action + ")";
      }
    }
    return "cannot reach GitHub to " + action + ": " + UnreachableException.reason(e, GitHubClient.CONNECT_TIMEOUT,
        GitHubClient.REQUEST_TIMEOUT);
  }

  /** GitHub's own {@code message} field, when the error body has one. */
  private static String githubMessage(IOException e) {
    String text = e.getMessage();
    if (text == null) {
      return "";
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"message\"\\s*:\\s*\"([^\"]{1,200})\"").matcher(text);
    return m.find() ? ", " + m.group(1) : "";
  }
}
