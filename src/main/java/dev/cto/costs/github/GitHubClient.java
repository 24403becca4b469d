package dev.cto.costs.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kohsuke.github.GHException;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHIssueComment;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.HttpException;

/**
 * The few GitHub calls PR comments need: list (all pages), create, update, delete issue comments
 * through github-api, and {@code minimizeComment} through GraphQL (which github-api lacks). Writes
 * are spaced; rate limits are waited out within bounds; failures become a {@link GitHubException}
 * that names the permission, repository or PR to fix.
 */
public final class GitHubClient {

  /** A comment as found on the PR; {@code handle} is github-api's object for editing it. */
  record Comment(long id, String nodeId, String body, String url, GHIssueComment handle) {}

  interface IoCall<T> {
    T run() throws IOException;
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  /** No single GitHub request may take longer (github-api's own transport has no limit). */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /** An unreachable GitHub is reported within this (issue 14: failures within 3 s, not after 10). */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  private final GitHubSettings settings;
  private final RateLimitWaits waits;
  private final AppTokens appTokens;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  private final TimedConnector connector;
  private Instant lastWrite = Instant.EPOCH;
  /** Repositories read once per client: a sync of many PRs asks GitHub for each repository once. */
  private final Map<String, GHRepository> repositories = new java.util.concurrent.ConcurrentHashMap<>();

  public GitHubClient(GitHubSettings settings) {
    this(settings, Clock.systemUTC());
  }

  GitHubClient(GitHubSettings settings, Clock clock) {
    this(settings, clock, AppTokens.REFRESH_BEFORE, REQUEST_TIMEOUT);
  }

  GitHubClient(GitHubSettings settings, Clock clock, Duration refreshBefore, Duration requestTimeout) {
    if (!settings.hasCredentials()) {
      throw new GitHubException("no GitHub credentials: set GITHUB_TOKEN (a token allowed to write pull request "
          + "comments) or configure github.app_id, github.private_key_path (and github.installation_id) for a GitHub App", -1, null);
    }
    this.settings = settings;
    this.connector = new TimedConnector(http, requestTimeout);
    this.waits = new RateLimitWaits(settings.maxRetryWait(), clock);
    this.appTokens = settings.token() == null ? new AppTokens(settings, waits, connector, clock, refreshBefore) : null;
  }

  public GitHubSettings settings() {
    return settings;
  }

  /** The PR's issue; a 404 on the repository or on the PR says which of the two is wrong. */
  GHIssue issue(String repository, long pr) {
    GitHub gh = github(repository);
    var repo = call(() -> gh.getRepository(repository), "read the repository " + repository, repository, 0);
    return call(() -> repo.getIssue((int) pr), "read PR #" + pr + " of " + repository, repository, pr);
  }

  /** The repository, read from GitHub on first use. */
  GHRepository repository(String repository) {
    GHRepository repo = repositories.get(repository);
    if (repo == null) {
      GitHub gh = github(repository);
      repo = call(() -> gh.getRepository(repository), "read the repository " + repository, repository, 0);
      repositories.put(repository, repo);
    }
    return repo;
  }

  /** The PR as the pulls API returns it (state, merge, size); a 404 says GitHub has no such PR. */
  GHPullRequest pullRequest(GHRepository repo, String repository, long pr) {
    return call(() -> repo.getPullRequest((int) pr), "read PR #" + pr + " of " + repository, repository, pr);
  }

  /** Every comment of the PR, following the {@code Link} pages (100 per page). */
  List<Comment> comments(GHIssue issue, String repository, long pr) {
    return call(() -> {
      List<Comment> out = new ArrayList<>();
      for (GHIssueComment c : issue.queryComments().list().withPageSize(100)) {
        out.add(comment(c));
      }
      return out;
    }, "list the comments of PR #" + pr + " in " + repository, repository, pr);
  }

  Comment create(GHIssue issue, String repository, long pr, String body) {
    return write(() -> comment(issue.comment(body)), "comment on PR #" + pr + " in " + repository, repository, pr);
  }

  void update(Comment comment, String repository, long pr, String body) {
    write(() -> {
      comment.handle().update(body);
      return null;
    }, "update the cost comment " + comment.id() + " on PR #" + pr + " in " + repository, repository, pr);
  }

  void delete(Comment comment, String repository, long pr) {
    write(() -> {
      comment.handle().delete();
      return null;
    }, "delete the old cost comment " + comment.id() + " on PR #" + pr + " in " + repository, repository, pr);
  }

  /** Collapses a comment as outdated: GraphQL {@code minimizeComment}, classifier OUTDATED. */
  void minimize(Comment comment, String repository, long pr) {
    String action = "hide the old cost comment " + comment.id() + " on PR #" + pr + " in " + repository;
    String query = "mutation($id: ID!) { minimizeComment(input: {subjectId: $id, classifier: OUTDATED}) "
        + "{ minimizedComment { isMinimized } } }";
    String payload = JSON.createObjectNode().put("query", query)
        .set("variables", JSON.createObjectNode().put("id", comment.nodeId())).toString();
    JsonNode answer = write(() -> new GraphQl(http, waits).post(settings.graphqlUrl(), authorization(repository), payload),
        action, repository, pr);
    if (answer.hasNonNull("errors") && !answer.get("errors").isEmpty()) {
      throw new GitHubException("GitHub could not " + action + ": " + answer.get("errors").get(0).path("message").asText()
          + " (the token needs `pull_requests: write` / `issues: write`)", 200, null);
    }
  }

  private String authorization(String repository) throws IOException {
    return appTokens == null ? "token " + settings.token() : appTokens.authorization(repository);
  }

  private GitHub github(String repository) {
    GitHubBuilder b = new GitHubBuilder().withEndpoint(settings.apiUrl()).withConnector(connector)
        .withRateLimitHandler(waits.primary()).withAbuseLimitHandler(waits.secondary());
    b = appTokens == null ? b.withOAuthToken(settings.token()) : b.withAuthorizationProvider(() -> appTokens.authorization(repository));
    GitHubBuilder builder = b;
    return call(builder::build, "connect to " + settings.apiUrl(), repository, 0);
  }

  private static Comment comment(GHIssueComment c) {
    return new Comment(c.getId(), c.getNodeId(), c.getBody(), c.getHtmlUrl() == null ? null : c.getHtmlUrl().toString(), c);
  }

  /**
   * A write, at least the configured spacing after the previous one ended: GitHub asks
   * integrators to leave about a second between writes (secondary limits). Counting from the end
   * rather than the start keeps the gap GitHub sees whatever a request's transit time. Writes
   * from several threads (the scheduler, the alert sink) go one at a time, as GitHub also asks.
   */
  private synchronized <T> T write(IoCall<T> call, String action, String repository, long pr) {
    long millis = Duration.between(Instant.now(), lastWrite.plus(settings.writeSpacing())).toMillis();
    if (millis > 0) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GitHubException("interrupted while spacing GitHub writes", -1, e);
      }
    }
    try {
      return call(call, action, repository, pr);
    } finally {
      lastWrite = Instant.now();
    }
  }

  /** Runs a GitHub call, turning what went wrong into a message that says what to fix. */
  static <T> T call(IoCall<T> call, String action, String repository, long pr) {
    try {
      return call.run();
    } catch (IOException e) {
      throw ErrorMessages.explain(e, action, repository, pr);
    } catch (GHException e) { // github-api's page iterator wraps the page's IOException
      throw e.getCause() instanceof IOException io ? ErrorMessages.explain(io, action, repository, pr)
          : new GitHubException("GitHub failed to " + action + ": " + e.getMessage(), -1, e);
    }
  }

  static Map<String, String> headersOf(HttpResponse<?> response) {
    Map<String, String> h = new java.util.HashMap<>();
    response.headers().map().forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), v.isEmpty() ? null : v.get(0)));
    return h;
  }

  static boolean isNotFound(IOException e) {
    return e instanceof FileNotFoundException || e instanceof HttpException h && h.getResponseCode() == 404;
  }

  static HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
  }
}
