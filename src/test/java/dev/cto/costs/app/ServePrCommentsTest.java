package dev.cto.costs.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cto.costs.github.FakeGitHub;
import dev.cto.costs.web.ServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} with {@code post_to_pr}: usage on a PR brings its one cost comment up to date on
 * the (loopback) GitHub, a threshold crossing at once, without a request from anybody.
 */
class ServePrCommentsTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String REPO = "5dlabs/cto";
  @TempDir Path dir;

  @Test
  void usageKeepsOneCommentUpToDateAndACrossingUpdatesItAtOnce() throws Exception {
    try (FakeGitHub github = new FakeGitHub().pr(REPO, 7).token("t0ken")) {
      Path config = Files.writeString(dir.resolve("cost-config.yaml"), """
          post_to_pr: true
          comment_min_interval: 1h
          warning_threshold: 1
          error_threshold: 100
          extends_default_pricing: true
          pricing:
            - {model: house-model, input_cost_per_million: 1, output_cost_per_million: 0}
          github:
            api_url: %s
          """.formatted(github.apiUrl()));
      try (CollectorService service = CollectorService.start(new AppOptions(dir.resolve("costs.db"), null, config),
          new ServerOptions("127.0.0.1", 0, List.of(), 1 << 20, 1000, 14), () -> Map.of("GITHUB_TOKEN", "t0ken"))) {
        post(service, "a", 600_000); // $0.60: the PR's first usage is commented at once
        await().atMost(Duration.ofSeconds(30)).until(() -> github.comments(REPO, 7).size() == 1
            && github.comments(REPO, 7).get(0).body.contains("$0.60"));
        assertThat(github.comments(REPO, 7).get(0).body).contains("## 💰 Cost Report").contains("house-model");

        post(service, "b", 600_000); // $1.20 crosses the $1 warning: updated now, not in an hour
        await().atMost(Duration.ofSeconds(30)).until(() -> github.comments(REPO, 7).get(0).body.contains("$1.20"));

        List<FakeGitHub.Comment> comments = github.comments(REPO, 7);
        assertThat(comments).hasSize(1); // updated in place
        assertThat(comments.get(0).body).containsIgnoringCase("warning");
        assertThat(github.requests("POST", "/repos/" + REPO + "/issues/7/comments")).hasSize(1);
        assertThat(github.requests.stream().map(FakeGitHub.Request::authorization))
            .allMatch(a -> a == null || a.endsWith("t0ken"));
      }
    }
  }

  private static void post(CollectorService service, String id, long inputTokens) throws Exception {
    String body = "{\"id\":\"" + id + "\",\"repository\":\"" + REPO + "\",\"pr_number\":7,\"agent\":\"rex\","
        + "\"model\":\"house-model\",\"input_tokens\":" + inputTokens + ",\"output_tokens\":0,\"stage\":\"code\"}";
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/v1/usage"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }
}
