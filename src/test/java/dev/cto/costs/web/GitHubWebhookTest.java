package dev.cto.costs.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.domain.PrOutcome;
import dev.cto.costs.domain.PrOutcome.State;
import dev.cto.costs.github.FakeGitHub;
import dev.cto.costs.store.jdbc.JdbcStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/github/webhook} on a real {@code serve} over SQLite, over real HTTP on 127.0.0.1,
 * with payloads in GitHub's shape (the pull request object the fake GitHub serves) signed as GitHub
 * signs them.
 */
class GitHubWebhookTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "It's a Secret to Everybody";
  private static final String REPO = "5dlabs/cto";

  @TempDir Path dir;
  private FakeGitHub github;
  private CollectorService service;

  @BeforeEach
  void setUp() throws Exception {
    github = new FakeGitHub()
        .pull(REPO, 7, "open", null, null, 10, 2, "2026-11-20T10:00:00Z")
        .pull(REPO, 8, "closed", "2026-11-21T10:00:00Z", "2026-11-21T10:00:00Z", 120, 30, "2026-11-21T10:00:01Z");
  }

  @AfterEach
  void tearDown() {
    if (service != null) {
      service.close();
    }
    github.close();
  }

  private void serve(String secret, List<String> apiTokens) {
    service = CollectorService.start(new AppOptions(dir.resolve("costs.db"), null, null),
        new ServerOptions("127.0.0.1", 0, apiTokens, 1 << 20, 1000, 14),
        () -> secret == null ? Map.of() : Map.of("GITHUB_WEBHOOK_SECRET", secret));
  }

  /** A pull_request delivery as GitHub sends it: action, the pull request object, the repository. */
  private String event(String action, long pr) {
    ObjectNode payload = JSON.createObjectNode().put("action", action).put("number", pr);
    payload.set("pull_request", github.pullJson(REPO, pr));
    payload.set("repository", github.pullJson(REPO, pr).path("base").path("repo"));
    payload.putObject("sender").put("login", "octocat").put("id", 1);
    return payload.toString();
  }

  private static String sign(String secret, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  private HttpResponse<String> deliver(String event, String body, String signature) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/v1/github/webhook"))
        .header("Content-Type", "application/json").header("X-GitHub-Event", event)
        .header("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958")
        .header("User-Agent", "GitHub-Hookshot/044aadd")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      b.header("X-Hub-Signature-256", signature);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> deliver(String event, String body) throws Exception {
    return deliver(event, body, sign(SECRET, body));
  }

  private Optional<PrOutcome> stored(long pr) {
    try (JdbcStore store = JdbcStore.openSqlite(dir.resolve("costs.db"))) {
      return store.outcome(REPO, pr);
    }
  }

  @Test
  void aSignedPullRequestEventIsStored() throws Exception {
    serve(SECRET, List.of());

    HttpResponse<String> r = deliver("pull_request", event("closed", 8));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).path("status").asText()).isEqualTo("stored");
    assertThat(stored(8)).hasValueSatisfying(o -> {
      assertThat(o.state()).isEqualTo(State.MERGED);
      assertThat(o.mergedAt()).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
      assertThat(o.changedLines()).isEqualTo(150);
      assertThat(o.updatedAt()).isEqualTo(Instant.parse("2026-11-21T10:00:01Z"));
    });
  }

  @Test
  void aBadOrMissingSignatureIsRefusedAndStoresNothing() throws Exception {
    serve(SECRET, List.of());
    String body = event("opened", 7);

    HttpResponse<String> wrongSecret = deliver("pull_request", body, sign("another secret", body));
    HttpResponse<String> tampered = deliver("pull_request", body.replace("\"additions\":10", "\"additions\":99"), sign(SECRET, body));
    HttpResponse<String> missing = deliver("pull_request", body, null);
    HttpResponse<String> sha1Only = deliver("pull_request", body, "sha1=" + "0".repeat(40));

    assertThat(List.of(wrongSecret, tampered, missing, sha1Only)).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(401));
    assertThat(wrongSecret.body()).contains("invalid X-Hub-Signature-256");
    assertThat(missing.body()).contains("missing X-Hub-Signature-256");
    assertThat(stored(7)).isEmpty();
  }

  @Test
  void anOlderEventArrivingLateDoesNotOverwriteANewerState() throws Exception {
    serve(SECRET, List.of());
    String opened = event("opened", 7); // updated_at 10:00
    github.pull(REPO, 7, "closed", "2026-11-20T12:00:00Z", "2026-11-20T12:00:00Z", 11, 2, "2026-11-20T12:00:00Z");
    String merged = event("closed", 7);

    assertThat(deliver("pull_request", merged).statusCode()).isEqualTo(200);
    HttpResponse<String> late = deliver("pull_request", opened);

    assertThat(late.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(late.body()).path("status").asText()).isEqualTo("unchanged");
    assertThat(stored(7)).map(PrOutcome::state).contains(State.MERGED);
  }

  @Test
  void aReplayedDeliveryChangesNothing() throws Exception {
    serve(SECRET, List.of());
    String body = event("opened", 7);

    deliver("pull_request", body);
    PrOutcome first = stored(7).orElseThrow();
    HttpResponse<String> replay = deliver("pull_request", body);

    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(replay.body()).path("status").asText()).isEqualTo("unchanged");
    assertThat(stored(7)).contains(first); // not even the time it was received
  }

  @Test
  void pingIsAnsweredOtherEventsAndActionsAreAcceptedAndIgnored() throws Exception {
    serve(SECRET, List.of());
    String ping = "{\"zen\":\"Design for failure.\",\"hook_id\":1}";

    assertThat(deliver("ping", ping).statusCode()).isEqualTo(200);
    assertThat(deliver("issues", "{\"action\":\"opened\"}").statusCode()).isEqualTo(202);
    HttpResponse<String> labeled = deliver("pull_request", event("labeled", 7));
    assertThat(labeled.statusCode()).isEqualTo(202);
    assertThat(labeled.body()).contains("labeled");
    assertThat(stored(7)).isEmpty();
  }

  @Test
  void aSignedButMalformedPayloadIsA400NamingTheProblem() throws Exception {
    serve(SECRET, List.of());
    ObjectNode noAdditions = (ObjectNode) JSON.readTree(event("synchronize", 7));
    ((ObjectNode) noAdditions.get("pull_request")).remove("additions");

    HttpResponse<String> notJson = deliver("pull_request", "{\"action\": \"opened\", ");
    HttpResponse<String> missing = deliver("pull_request", noAdditions.toString());

    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).contains("malformed JSON");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("pull_request.additions: is required");
    assertThat(stored(7)).isEmpty();
  }

  @Test
  void withoutASecretTheRouteSaysHowToConfigureItAndStoresNothing() throws Exception {
    serve(null, List.of());
    String body = event("opened", 7);

    HttpResponse<String> r = deliver("pull_request", body); // signed, but the server has no secret to check it with

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("GITHUB_WEBHOOK_SECRET").contains("docs/operators.md");
    assertThat(stored(7)).isEmpty();
  }

  @Test
  void theSignatureReplacesTheApiTokenOnThisRouteOnly() throws Exception {
    serve(SECRET, List.of("api-token"));

    assertThat(deliver("pull_request", event("opened", 7)).statusCode()).isEqualTo(200);
    assertThat(deliver("pull_request", event("opened", 8), null).statusCode()).isEqualTo(401);
    HttpResponse<String> other = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port()
        + "/v1/summary")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(other.statusCode()).isEqualTo(401); // the rest of the API still wants the bearer token
    assertThat(stored(7)).isPresent();
  }

  @Test
  void aBodyOverTheServersLimitIsRefused() throws Exception {
    serve(SECRET, List.of());
    String huge = "{\"action\":\"opened\",\"padding\":\"" + "x".repeat(2 << 20) + "\"}";

    HttpResponse<String> r = deliver("pull_request", huge);

    assertThat(r.statusCode()).isEqualTo(413);
  }
}
