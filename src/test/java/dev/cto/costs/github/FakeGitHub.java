package dev.cto.costs.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback GitHub speaking the REST wire format github-api uses (repositories, issues, issue
 * comments with {@code Link} pagination, App installations and token exchange) and GraphQL {@code
 * minimizeComment}. It checks credentials like GitHub (a known token, or an App JWT whose RS256
 * signature verifies), records every request, and answers scripted failures (403, 429, …) first.
 */
public final class FakeGitHub implements AutoCloseable {

  public record Request(String method, String path, String authorization, String body, Instant at) {}

  public static final class Comment {
    public final long id;
    public String body;
    public boolean minimized;

    Comment(long id, String body) {
      this.id = id;
      this.body = body;
    }
  }

  private record Failure(String method, String pathPrefix, int status, Map<String, String> headers, String body, int[] left) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern COMMENTS = Pattern.compile("/repos/([^/]+/[^/]+)/issues/(\\d+)/comments");
  private static final Pattern COMMENT = Pattern.compile("/repos/([^/]+/[^/]+)/issues/comments/(\\d+)");
  private static final Pattern PULL = Pattern.compile("/repos/([^/]+/[^/]+)/pulls/(\\d+)");
  private static final Pattern ISSUE = Pattern.compile("/repos/([^/]+/[^/]+)/issues/(\\d+)");
  private static final Pattern REPO = Pattern.compile("/repos/([^/]+/[^/]+)");
  private static final Pattern INSTALLATION = Pattern.compile("/app/installations/(\\d+)");
  private static final Pattern TOKENS = Pattern.compile("/app/installations/(\\d+)/access_tokens");

  public final List<Request> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final Map<String, Set<Long>> prs = new LinkedHashMap<>();
  private final Map<String, List<Comment>> comments = new LinkedHashMap<>();
  private final Map<String, ObjectNode> pulls = new LinkedHashMap<>();
  private final Set<String> tokens = new HashSet<>();
  private final List<Failure> failures = new CopyOnWriteArrayList<>();
  private long nextId = 1000;
  private long appId;
  private long installationId;
  private PublicKey appKey;
  private Duration tokenLifetime = Duration.ofHours(1);
  int tokensIssued;

  public FakeGitHub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public FakeGitHub pr(String repository, long pr) {
    prs.computeIfAbsent(repository, r -> new HashSet<>()).add(pr);
    return this;
  }

  /**
   * A pull request as {@code GET /repos/{owner}/{repo}/pulls/{number}} returns it (and as the
   * {@code pull_request} object of webhooks carries it). {@code merged} follows {@code mergedAt}.
   *
   * @param state {@code open} or {@code closed} (a merged PR is closed)
   */
  public synchronized FakeGitHub pull(String repository, long number, String state, String mergedAt, String closedAt,
      int additions, int deletions, String updatedAt) {
    pr(repository, number);
    pulls.put(repository + "#" + number, pullRequest(repository, number, state, mergedAt, closedAt, additions, deletions,
        updatedAt));
    return this;
  }

  /** The JSON this fake serves for a pull request (a copy). */
  public synchronized ObjectNode pullJson(String repository, long number) {
    return pulls.get(repository + "#" + number).deepCopy();
  }

  public FakeGitHub token(String token) {
    tokens.add(token);
    return this;
  }

  FakeGitHub app(long appId, long installationId, PublicKey key, Duration tokenLifetime) {
    this.appId = appId;
    this.installationId = installationId;
    this.appKey = key;
    this.tokenLifetime = tokenLifetime;
    return this;
  }

  /** The next {@code times} requests matching method and path prefix get this answer instead. */
  public FakeGitHub fail(String method, String pathPrefix, int status, Map<String, String> headers, String body, int times) {
    failures.add(new Failure(method, pathPrefix, status, headers, body, new int[] {times}));
    return this;
  }

  /**
   * Runs {@code racer} just before the next comment is created: another replica's comment then
   * lands between this client's listing and its creation, as when two publish at the same moment.
   */
  public synchronized FakeGitHub onNextCreate(Runnable racer) {
    this.racer = racer;
    return this;
  }

  private Runnable racer;

  public synchronized Comment addComment(String repository, long pr, String body) {
    Comment c = new Comment(nextId++, body);
    comments.computeIfAbsent(repository + "#" + pr, k -> new ArrayList<>()).add(c);
    return c;
  }

  public synchronized List<Comment> comments(String repository, long pr) {
    return List.copyOf(comments.getOrDefault(repository + "#" + pr, List.of()));
  }

  public List<Request> requests(String method, String pathPrefix) {
    return requests.stream().filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix)).toList();
  }

  private void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getPath();
    String query = ex.getRequestURI().getRawQuery();
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    requests.add(new Request(method, path + (query == null ? "" : "?" + query), auth, body, Instant.now()));
    try {
      for (Failure f : failures) {
        synchronized (f) {
          if (f.left()[0] > 0 && f.method().equals(method) && path.startsWith(f.pathPrefix())) {
            f.left()[0]--;
            f.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            send(ex, f.status(), f.body());
            return;
          }
        }
      }
      synchronized (this) {
        route(ex, method, path, query, body, auth);
      }
    } catch (RuntimeException e) {
      send(ex, 500, "{\"message\":\"fake failed: " + e + "\"}");
    }
  }

  private void route(HttpExchange ex, String method, String path, String query, String body, String auth) throws IOException {
    if (path.startsWith("/app") || path.startsWith("/repos/") && path.endsWith("/installation")) {
      app(ex, method, path);
      return;
    }
    if (auth == null || !auth.startsWith("token ") || !tokens.contains(auth.substring(6))) {
      send(ex, 401, "{\"message\":\"Bad credentials\"}");
      return;
    }
    Matcher m;
    if (path.equals("/graphql") && method.equals("POST")) {
      graphql(ex, JSON.readTree(body));
    } else if ((m = COMMENTS.matcher(path)).matches() && prs.getOrDefault(m.group(1), Set.of()).contains(Long.parseLong(m.group(2)))) {
      String repo = m.group(1);
      long pr = Long.parseLong(m.group(2));
      if (method.equals("POST")) {
        Runnable before = racer;
        racer = null;
        if (before != null) {
          before.run();
        }
        Comment c = addComment(repo, pr, JSON.readTree(body).get("body").asText());
        send(ex, 201, comment(repo, pr, c).toString());
      } else {
        page(ex, repo, pr, query);
      }
    } else if ((m = COMMENT.matcher(path)).matches()) {
      Comment c = find(m.group(1), Long.parseLong(m.group(2)));
      if (c == null) {
        send(ex, 404, "{\"message\":\"Not Found\"}");
      } else if (method.equals("PATCH")) {
        c.body = JSON.readTree(body).get("body").asText();
        send(ex, 200, comment(m.group(1), 0, c).toString());
      } else if (method.equals("DELETE")) {
        comments.values().forEach(list -> list.remove(c));
        send(ex, 204, null);
      } else {
        send(ex, 200, comment(m.group(1), 0, c).toString());
      }
    } else if ((m = PULL.matcher(path)).matches() && method.equals("GET")) {
      ObjectNode pull = pulls.get(m.group(1) + "#" + m.group(2));
      send(ex, pull == null ? 404 : 200, pull == null
          ? "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest/pulls/pulls#get-a-pull-request\"}"
          : pull.toString());
    } else if ((m = ISSUE.matcher(path)).matches() && prs.getOrDefault(m.group(1), Set.of()).contains(Long.parseLong(m.group(2)))) {
      send(ex, 200, issue(m.group(1), Long.parseLong(m.group(2))).toString());
    } else if ((m = REPO.matcher(path)).matches() && prs.containsKey(m.group(1))) {
      send(ex, 200, repository(m.group(1)).toString());
    } else {
      send(ex, 404, "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\"}");
    }
  }

  private void page(HttpExchange ex, String repo, long pr, String query) throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    if (query != null) {
      for (String kv : query.split("&")) {
        String[] p = kv.split("=", 2);
        params.put(p[0], p.length > 1 ? p[1] : "");
      }
    }
    int perPage = Math.min(100, Integer.parseInt(params.getOrDefault("per_page", "30")));
    int page = Integer.parseInt(params.getOrDefault("page", "1"));
    List<Comment> all = comments(repo, pr);
    int pages = Math.max(1, (all.size() + perPage - 1) / perPage);
    ArrayNode out = JSON.createArrayNode();
    for (int i = (page - 1) * perPage; i < Math.min(all.size(), page * perPage); i++) {
      out.add(comment(repo, pr, all.get(i)));
    }
    String base = apiUrl() + "/repos/" + repo + "/issues/" + pr + "/comments?per_page=" + perPage + "&page=";
    List<String> links = new ArrayList<>();
    if (page < pages) {
      links.add("<" + base + (page + 1) + ">; rel=\"next\"");
      links.add("<" + base + pages + ">; rel=\"last\"");
    }
    if (!links.isEmpty()) {
      ex.getResponseHeaders().add("Link", String.join(", ", links));
    }
    send(ex, 200, out.toString());
  }

  private void graphql(HttpExchange ex, JsonNode request) throws IOException {
    String q = request.path("query").asText();
    String id = request.path("variables").path("id").asText();
    if (!q.contains("minimizeComment") || !q.contains("OUTDATED")) {
      send(ex, 200, "{\"errors\":[{\"message\":\"unsupported query\"}]}");
      return;
    }
    for (List<Comment> list : comments.values()) {
      for (Comment c : list) {
        if (("IC_" + c.id).equals(id)) {
          c.minimized = true;
          send(ex, 200, "{\"data\":{\"minimizeComment\":{\"minimizedComment\":{\"isMinimized\":true}}}}");
          return;
        }
      }
    }
    send(ex, 200, "{\"data\":null,\"errors\":[{\"type\":\"NOT_FOUND\",\"message\":\"Could not resolve to a node with the global id of '"
        + id + "'\"}]}");
  }

  private void app(HttpExchange ex, String method, String path) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (appKey == null || auth == null || !auth.startsWith("Bearer ") || !validJwt(auth.substring(7))) {
      send(ex, 401, "{\"message\":\"A JSON web token could not be decoded\"}");
      return;
    }
    Matcher m;
    if (path.equals("/app")) {
      send(ex, 200, "{\"id\":" + appId + ",\"slug\":\"cto-costs\",\"name\":\"cto costs\",\"owner\":{\"login\":\"5dlabs\",\"id\":1}}");
    } else if ((m = TOKENS.matcher(path)).matches() && method.equals("POST") && Long.parseLong(m.group(1)) == installationId) {
      String token = "ghs_installation_" + (++tokensIssued);
      tokens.add(token);
      send(ex, 201, "{\"token\":\"" + token + "\",\"expires_at\":\"" + Instant.now().plus(tokenLifetime).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
          + "\",\"permissions\":{\"issues\":\"write\",\"pull_requests\":\"write\"}}");
    } else if ((m = INSTALLATION.matcher(path)).matches() && Long.parseLong(m.group(1)) == installationId
        || path.startsWith("/repos/") && prs.containsKey(path.substring(7, path.length() - 13))) {
      send(ex, 200, installation().toString());
    } else {
      send(ex, 404, "{\"message\":\"Not Found\"}");
    }
  }

  /** The installation lookup by repository lives under /repos but authenticates as the App. */
  private ObjectNode installation() {
    return JSON.createObjectNode().put("id", installationId).put("app_id", appId)
        .put("access_tokens_url", apiUrl() + "/app/installations/" + installationId + "/access_tokens");
  }

  private boolean validJwt(String jwt) {
    try {
      String[] parts = jwt.split("\\.");
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initVerify(appKey);
      rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        return false;
      }
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      long now = Instant.now().getEpochSecond();
      return claims.path("iss").asText().equals(Long.toString(appId)) && claims.path("exp").asLong() > now
          && claims.path("iat").asLong() <= now && claims.path("exp").asLong() - claims.path("iat").asLong() <= 600;
    } catch (Exception e) {
      return false;
    }
  }

  private Comment find(String repo, long id) {
    for (Map.Entry<String, List<Comment>> e : comments.entrySet()) {
      if (e.getKey().startsWith(repo + "#")) {
        for (Comment c : e.getValue()) {
          if (c.id == id) {
            return c;
          }
        }
      }
    }
    return null;
  }

  private ObjectNode comment(String repo, long pr, Comment c) {
    ObjectNode n = JSON.createObjectNode().put("id", c.id).put("node_id", "IC_" + c.id).put("body", c.body)
        .put("url", apiUrl() + "/repos/" + repo + "/issues/comments/" + c.id)
        .put("html_url", "https://github.example/" + repo + "/pull/" + pr + "#issuecomment-" + c.id)
        .put("created_at", "2026-03-01T10:00:00Z").put("updated_at", "2026-03-01T10:00:00Z");
    n.putObject("user").put("login", "cto-costs[bot]").put("id", 7);
    return n;
  }

  private ObjectNode issue(String repo, long pr) {
    ObjectNode n = JSON.createObjectNode().put("id", 500 + pr).put("number", pr).put("title", "PR " + pr).put("state", "open")
        .put("url", apiUrl() + "/repos/" + repo + "/issues/" + pr)
        .put("html_url", "https://github.example/" + repo + "/pull/" + pr);
    n.putObject("pull_request").put("url", apiUrl() + "/repos/" + repo + "/pulls/" + pr);
    return n;
  }

  /** GitHub's pull request object, with the fields github-api and the webhook read and a few around them. */
  private ObjectNode pullRequest(String repo, long number, String state, String mergedAt, String closedAt, int additions,
      int deletions, String updatedAt) {
    ObjectNode n = JSON.createObjectNode().put("url", apiUrl() + "/repos/" + repo + "/pulls/" + number)
        .put("id", 9000 + number).put("node_id", "PR_" + number)
        .put("html_url", "https://github.example/" + repo + "/pull/" + number).put("number", number)
        .put("state", state).put("locked", false).put("title", "PR " + number).put("body", "")
        .put("created_at", "2026-11-01T09:00:00Z").put("updated_at", updatedAt).put("closed_at", closedAt)
        .put("merged_at", mergedAt).put("merge_commit_sha", mergedAt == null ? null : "abc" + number)
        .put("draft", false).put("merged", mergedAt != null).put("mergeable", mergedAt == null ? Boolean.TRUE : null)
        .put("mergeable_state", mergedAt == null ? "clean" : "unknown").put("comments", 0).put("review_comments", 0)
        .put("commits", 3).put("additions", additions).put("deletions", deletions).put("changed_files", 4);
    n.putObject("user").put("login", "rex-bot").put("id", 11).put("type", "Bot");
    if (mergedAt != null) {
      n.putObject("merged_by").put("login", "octocat").put("id", 12).put("type", "User");
    } else {
      n.putNull("merged_by");
    }
    n.set("head", ref(repo, "feature-" + number));
    n.set("base", ref(repo, "main"));
    return n;
  }

  private ObjectNode ref(String repo, String branch) {
    ObjectNode r = JSON.createObjectNode().put("label", repo.split("/")[0] + ":" + branch).put("ref", branch)
        .put("sha", "0123456789abcdef0123456789abcdef01234567");
    r.set("repo", repository(repo));
    return r;
  }

  private ObjectNode repository(String repo) {
    String[] on = repo.split("/");
    ObjectNode n = JSON.createObjectNode().put("id", 42).put("name", on[1]).put("full_name", repo)
        .put("url", apiUrl() + "/repos/" + repo).put("html_url", "https://github.example/" + repo);
    n.putObject("owner").put("login", on[0]).put("id", 1).put("type", "Organization");
    return n;
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, status == 204 || bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
