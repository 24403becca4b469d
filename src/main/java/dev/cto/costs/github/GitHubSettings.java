package dev.cto.costs.github;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach GitHub and how to comment.
 *
 * @param apiUrl REST base URL (https://api.github.com, or GitHub Enterprise's {@code …/api/v3})
 * @param token a personal, Actions or other token; null when the App or nothing is configured
 * @param app GitHub App credentials, or null
 * @param writeSpacing minimum pause between two writes (GitHub asks for about one second)
 * @param maxRetryWait the longest a rate limit may make a request wait before it fails instead
 */
public record GitHubSettings(
    String apiUrl, CommentBehavior behavior, String token, App app, Duration writeSpacing, Duration maxRetryWait) {

  public static final String DEFAULT_API_URL = "https://api.github.com";

  /** @param installationId null: looked up for the repository being commented on */
  public record App(long appId, Long installationId, Path privateKey) {}

  public GitHubSettings {
    apiUrl = stripSlash(apiUrl == null || apiUrl.isBlank() ? DEFAULT_API_URL : apiUrl);
    behavior = Objects.requireNonNullElse(behavior, CommentBehavior.UPDATE);
    token = token == null || token.isBlank() ? null : token.trim();
    writeSpacing = Objects.requireNonNullElse(writeSpacing, Duration.ofSeconds(1));
    maxRetryWait = Objects.requireNonNullElse(maxRetryWait, Duration.ofMinutes(2));
  }

  public GitHubSettings withBehavior(CommentBehavior b) {
    return new GitHubSettings(apiUrl, b, token, app, writeSpacing, maxRetryWait);
  }

  public GitHubSettings withWriteSpacing(Duration spacing) {
    return new GitHubSettings(apiUrl, behavior, token, app, spacing, maxRetryWait);
  }

  public boolean hasCredentials() {
    return token != null || app != null;
  }

  /** The GraphQL endpoint next to the REST base: {@code /graphql}, or {@code /api/graphql} on Enterprise. */
  String graphqlUrl() {
    return apiUrl.endsWith("/api/v3") ? apiUrl.substring(0, apiUrl.length() - 3) + "/graphql" : apiUrl + "/graphql";
  }

  @Override
  public String toString() { // never print the token
    return "GitHubSettings[apiUrl=" + apiUrl + ", behavior=" + behavior + ", token=" + (token == null ? "none" : "***")
        + ", app=" + app + "]";
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
