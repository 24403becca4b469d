package dev.cto.costs.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cto.costs.domain.PrOutcome;
import dev.cto.costs.domain.PrOutcome.State;
import dev.cto.costs.outcomes.OutcomeSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Outcomes read from a loopback GitHub's pulls API through the PR comments' client. */
class PullRequestReaderTest {

  private static final String REPO = "5dlabs/cto";
  private static final String TOKEN = "ghp_reader";
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  private FakeGitHub github;

  @BeforeEach
  void setUp() throws Exception {
    github = new FakeGitHub().token(TOKEN)
        .pull(REPO, 1, "closed", "2026-11-20T10:00:00Z", "2026-11-20T10:00:00Z", 120, 30, "2026-11-20T10:00:05Z")
        .pull(REPO, 2, "closed", null, "2026-11-21T08:00:00Z", 7, 3, "2026-11-21T08:00:00Z")
        .pull(REPO, 3, "open", null, null, 0, 0, "2026-11-22T08:00:00Z");
  }

  @AfterEach
  void tearDown() {
    github.close();
  }

  private PullRequestReader reader(String token) {
    GitHubSettings settings = new GitHubSettings(github.apiUrl(), null, token, null, Duration.ZERO, Duration.ofSeconds(5));
    return new PullRequestReader(new GitHubClient(settings), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void readsMergedClosedAndOpenPrsWithTheirTimesAndSize() {
    PullRequestReader reader = reader(TOKEN);

    assertThat(reader.read(REPO, 1)).contains(new PrOutcome(REPO, 1, State.MERGED, Instant.parse("2026-11-20T10:00:00Z"),
        Instant.parse("2026-11-20T10:00:00Z"), 120, 30, Instant.parse("2026-11-20T10:00:05Z"), NOW));
    assertThat(reader.read(REPO, 2)).contains(new PrOutcome(REPO, 2, State.CLOSED, null,
        Instant.parse("2026-11-21T08:00:00Z"), 7, 3, Instant.parse("2026-11-21T08:00:00Z"), NOW));
    assertThat(reader.read(REPO, 3)).contains(new PrOutcome(REPO, 3, State.OPEN, null, null, 0, 0,
        Instant.parse("2026-11-22T08:00:00Z"), NOW));
    // the repository is asked for once, then one request per PR
    assertThat(github.requests("GET", "/repos/5dlabs/cto")).extracting(FakeGitHub.Request::path)
        .containsExactly("/repos/5dlabs/cto", "/repos/5dlabs/cto/pulls/1", "/repos/5dlabs/cto/pulls/2",
            "/repos/5dlabs/cto/pulls/3");
    assertThat(github.requests).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("token " + TOKEN));
  }

  @Test
  void aPrGitHubDoesNotKnowIsEmptyNotAFailure() {
    assertThat(reader(TOKEN).read(REPO, 404)).isEmpty();
  }

  @Test
  void aRepositoryGitHubDoesNotShowFailsTheRepositoryNamingIt() {
    assertThatThrownBy(() -> reader(TOKEN).read("5dlabs/gone", 1)).isInstanceOf(OutcomeSource.RepositoryFailure.class)
        .hasMessageContaining("no repository 5dlabs/gone");
  }

  @Test
  void badCredentialsStopTheSyncRatherThanFailEachPr() {
    assertThatThrownBy(() -> reader("ghp_wrong").read(REPO, 1)).isInstanceOf(OutcomeSource.Unavailable.class)
        .hasMessageContaining("HTTP 401").hasMessageContaining("GITHUB_TOKEN");
  }

  @Test
  void aRateLimitIsWaitedOutAsForComments() {
    github.fail("GET", "/repos/5dlabs/cto/pulls/1", 429, Map.of("Retry-After", "1"), "{\"message\":\"slow down\"}", 1);

    assertThat(reader(TOKEN).read(REPO, 1)).map(PrOutcome::state).contains(State.MERGED);
    assertThat(github.requests("GET", "/repos/5dlabs/cto/pulls/1")).hasSize(2);
  }

  @Test
  void aRateLimitTooLongToWaitStopsTheSync() {
    github.fail("GET", "/repos/5dlabs/cto/pulls/1", 429, Map.of("Retry-After", "3600"), "{\"message\":\"slow down\"}", 1);

    assertThatThrownBy(() -> reader(TOKEN).read(REPO, 1)).isInstanceOf(OutcomeSource.Unavailable.class)
        .hasMessageContaining("retry after");
  }
}
