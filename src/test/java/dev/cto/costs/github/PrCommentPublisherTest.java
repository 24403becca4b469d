package dev.cto.costs.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.domain.ThresholdLevel;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.github.PublishResult.Outcome;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher against a loopback GitHub, on reports from a real SQLite store. */
class PrCommentPublisherTest {

  private static final String REPO = "5dlabs/cto";
  private static final String TOKEN = "ghp_test_token";
  private static final String MARKER = "<!-- cto-costs:pr-cost-report repo=5dlabs/cto pr=12 -->";

  @TempDir Path dir;
  private FakeGitHub github;
  private CostData data;

  @BeforeEach
  void setUp() throws Exception {
    github = new FakeGitHub().pr(REPO, 12).pr(REPO, 13).token(TOKEN);
    data = new CostData(dir);
    data.call(REPO, 12, "rex", "code", 1, 1000, 500).call(REPO, 12, "cleo", "review", 1, 400, 100);
  }

  @AfterEach
  void tearDown() {
    data.close();
    github.close();
  }

  private GitHubSettings settings(CommentBehavior behavior) {
    return new GitHubSettings(github.apiUrl(), behavior, TOKEN, null, Duration.ZERO, Duration.ofSeconds(5));
  }

  private PrCommentPublisher publisher(CommentBehavior behavior) {
    return publisher(settings(behavior), Clock.systemUTC());
  }

  private PrCommentPublisher publisher(GitHubSettings settings, Clock clock) {
    return new PrCommentPublisher(data.reports(), new GitHubClient(settings), new PrCommentRenderer(), clock);
  }

  private List<FakeGitHub.Comment> ours(long pr) {
    String marker = "<!-- cto-costs:pr-cost-report repo=5dlabs/cto pr=" + pr + " -->";
    return github.comments(REPO, pr).stream().filter(c -> c.body.contains(marker)).toList();
  }

  @Test
  void createsOneCommentWithTheMarkerAndTheReport() {
    PublishResult result = publisher(CommentBehavior.UPDATE).publish(REPO, 12, null);

    assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
    assertThat(github.comments(REPO, 12)).hasSize(1);
    String body = github.comments(REPO, 12).get(0).body;
    assertThat(body).startsWith("## 💰 Cost Report").endsWith(MARKER + "\n");
    // rex: 1,000 * $3/M + 500 * $15/M = $0.0105; cleo: 400 * 3 + 100 * 15 = $0.0027; total $0.0132
    assertThat(body).contains("**Total Cost**: $0.01\n").contains("total_nanos=13200000 ").contains("| rex |").contains("| cleo |");
    assertThat(result.commentUrl()).isEqualTo("https://github.example/5dlabs/cto/pull/12#issuecomment-" + github.comments(REPO, 12).get(0).id);
    assertThat(github.requests("POST", "/repos/5dlabs/cto/issues/12/comments")).hasSize(1)
        .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("token " + TOKEN));
  }

  @Test
  void findsItsCommentAgainAndUpdatesItInPlaceWithTheChangeSinceTheLastUpdate() {
    github.addComment(REPO, 12, "LGTM");
    github.addComment(REPO, 12, "a comment for pr=1 " + MARKER.replace("pr=12", "pr=1"));
    publisher(CommentBehavior.UPDATE).publish(REPO, 12, null);
    github.addComment(REPO, 12, "a later human comment");
    data.call(REPO, 12, "rex", "code", 2, 10_000, 2_000); // + 30,000 + 30,000 micro-dollars = $0.06

    PublishResult second = publisher(CommentBehavior.UPDATE).publish(REPO, 12, null);

    assertThat(second.outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(ours(12)).hasSize(1);
    assertThat(github.comments(REPO, 12)).hasSize(4);
    String body = ours(12).get(0).body;
    assertThat(body).contains("**Total Cost**: $0.07").contains("+$0.06 since the last update");
    assertThat(github.requests("PATCH", "/repos/5dlabs/cto/issues/comments/" + ours(12).get(0).id)).hasSize(1);
    assertThat(github.requests("POST", "/repos/5dlabs/cto/issues/12/comments")).hasSize(1);
  }

  @Test
  void anUnchangedReportIsNotWrittenAgain() {
    data.call(REPO, 12, "rex", "code", 2, 10_000, 2_000);
    publisher(CommentBehavior.UPDATE).publish(REPO, 12, null);
    data.call(REPO, 12, "tess", "test", 1, 1_000, 0);
    assertThat(publisher(CommentBehavior.UPDATE).publish(REPO, 12, null).outcome()).isEqualTo(Outcome.UPDATED);
    int writes = github.requests("PATCH", "/").size() + github.requests("POST", "/repos").size();

    PublishResult again = publisher(CommentBehavior.UPDATE).publish(REPO, 12, null);
    PublishResult andAgain = publisher(CommentBehavior.UPDATE).publish(REPO, 12, null);

    assertThat(again.outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(andAgain.outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(github.requests("PATCH", "/").size() + github.requests("POST", "/repos").size()).isEqualTo(writes);
    // the change line still shows the last real change (tess: 1,000 * $3/M), not "no change"
    assertThat(ours(12).get(0).body).contains("+$0.0030 since the last update");
  }

  @Test
  void findsTheMarkerOnTheThirdPageOf250Comments() {
    for (int i = 0; i < 230; i++) {
      github.addComment(REPO, 12, "comment " + i + " mentioning cto-costs:pr-cost-report repo=5dlabs/cto pr=12");
    }
    FakeGitHub.Comment mine = github.addComment(REPO, 12, "old\n<!-- cto-costs:data as_of=2026-01-01T00:00:00Z records=1 "
        + "total_nanos=5 baseline_nanos=none -->\n" + MARKER + "\n");
    for (int i = 0; i < 19; i++) {
      github.addComment(REPO, 12, "after " + i);
    }

    PublishResult result = publisher(CommentBehavior.UPDATE).publish(REPO, 12, null);

    assertThat(result.outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(github.comments(REPO, 12)).hasSize(250);
    assertThat(mine.body).contains("total_nanos=13200000 ").doesNotContain("old");
    assertThat(github.requests("GET", "/repos/5dlabs/cto/issues/12/comments")).extracting(FakeGitHub.Request::path)
        .containsExactly("/repos/5dlabs/cto/issues/12/comments?per_page=100",
            "/repos/5dlabs/cto/issues/12/comments?per_page=100&page=2",
            "/repos/5dlabs/cto/issues/12/comments?per_page=100&page=3");
  }

  @Test
  void behaviourNewPostsAnotherCommentAndKeepsTheOld() {
    publisher(CommentBehavior.NEW).publish(REPO, 12, null);
    data.call(REPO, 12, "rex", "code", 2, 1000, 0);

    PublishResult second = publisher(CommentBehavior.NEW).publish(REPO, 12, null);

    assertThat(second.outcome()).isEqualTo(Outcome.CREATED);
    assertThat(ours(12)).hasSize(2);
    assertThat(github.requests("PATCH", "/")).isEmpty();
    assertThat(github.requests("DELETE", "/")).isEmpty();
  }

  @Test
  void behaviourHideAndNewMinimizesThePreviousAsOutdatedThroughGraphQl() {
    publisher(CommentBehavior.HIDE_AND_NEW).publish(REPO, 12, null);
    FakeGitHub.Comment first = ours(12).get(0);
    data.call(REPO, 12, "rex", "code", 2, 1000, 0);

    PublishResult second = publisher(CommentBehavior.HIDE_AND_NEW).publish(REPO, 12, null);

    assertThat(second.outcome()).isEqualTo(Outcome.REPLACED);
    assertThat(ours(12)).hasSize(2);
    assertThat(first.minimized).isTrue();
    assertThat(ours(12).get(1).minimized).isFalse();
    assertThat(github.requests("POST", "/graphql")).singleElement().satisfies(r -> {
      assertThat(r.body()).contains("minimizeComment").contains("OUTDATED").contains("\"IC_" + first.id + "\"");
      assertThat(r.authorization()).isEqualTo("token " + TOKEN);
    });
    assertThat(second.commentUrl()).endsWith("#issuecomment-" + ours(12).get(1).id);
  }

  @Test
  void behaviourDeleteAndNewLeavesOnlyTheNewComment() {
    publisher(CommentBehavior.NEW).publish(REPO, 12, null);
    data.call(REPO, 12, "rex", "code", 2, 1000, 0);
    publisher(CommentBehavior.NEW).publish(REPO, 12, null);
    data.call(REPO, 12, "rex", "code", 3, 1000, 0);
    github.addComment(REPO, 12, "human");

    PublishResult third = publisher(CommentBehavior.DELETE_AND_NEW).publish(REPO, 12, null);

    assertThat(third.outcome()).isEqualTo(Outcome.REPLACED);
    assertThat(ours(12)).hasSize(1);
    assertThat(github.requests("DELETE", "/repos/5dlabs/cto/issues/comments/")).hasSize(2);
    assertThat(github.comments(REPO, 12)).extracting(c -> c.body).contains("human");
  }

  @Test
  void anOlderRunNeverOverwritesANewerReport() {
    Instant now = Instant.now();
    publisher(settings(CommentBehavior.UPDATE), Clock.fixed(now, ZoneOffset.UTC)).publish(REPO, 12, null);
    String newer = ours(12).get(0).body;
    data.call(REPO, 12, "rex", "code", 2, 100_000, 0);

    // this run read the store "before" the published one: its stamp is older
    PublishResult stale = publisher(settings(CommentBehavior.UPDATE), Clock.fixed(now.minusSeconds(30), ZoneOffset.UTC))
        .publish(REPO, 12, null);

    assertThat(stale.outcome()).isEqualTo(Outcome.SKIPPED_STALE);
    assertThat(ours(12).get(0).body).isEqualTo(newer);
    assertThat(github.requests("PATCH", "/")).isEmpty();
  }

  /**
   * Publishes PR 12's first comment at {@code now} while another replica, whose report was read
   * {@code theirOffsetSeconds} from now, creates its own between this run's listing and creation.
   */
  private PublishResult publishRacing(Instant now, long theirOffsetSeconds, String[] theirBody) {
    theirBody[0] = publisher(settings(CommentBehavior.UPDATE), Clock.fixed(now.plusSeconds(theirOffsetSeconds), ZoneOffset.UTC))
        .preview(REPO, 12);
    github.onNextCreate(() -> github.addComment(REPO, 12, theirBody[0]));
    return publisher(settings(CommentBehavior.UPDATE), Clock.fixed(now, ZoneOffset.UTC)).publish(REPO, 12, null);
  }

  /** Two replicas that both found no comment both create one: the one created first stays, with the newer report. */
  @Test
  void twoReplicasCreatingAtOnceEndWithOneCommentShowingTheNewerReport() {
    Instant now = Instant.now();
    String[] otherReplicas = new String[1];

    PublishResult result = publishRacing(now, -30, otherReplicas);

    assertThat(ours(12)).singleElement().satisfies(kept -> {
      assertThat(kept.body).isNotEqualTo(otherReplicas[0]).contains("as_of=" + now + " ");
      assertThat(result.commentUrl()).endsWith("#issuecomment-" + kept.id);
    });
    assertThat(result.outcome()).isEqualTo(Outcome.UPDATED);
    assertThat(github.requests("DELETE", "/repos/5dlabs/cto/issues/comments/")).hasSize(1);
  }

  @Test
  void aRacingReplicaWithANewerReportKeepsItsComment() {
    String[] newer = new String[1];

    PublishResult result = publishRacing(Instant.now(), 30, newer);

    assertThat(ours(12)).singleElement().satisfies(kept -> assertThat(kept.body).isEqualTo(newer[0]));
    assertThat(result.outcome()).isEqualTo(Outcome.SKIPPED_STALE);
  }

  @Test
  void aWarningCrossingShowsInTheStatusLineAndAnErrorCrossingPostsOneAlert() {
    data.call(REPO, 13, "rex", "code", 1, 300_000, 10_000); // $0.90 + $0.15 = $1.05, over the $1 error line
    ThresholdCrossing error = new ThresholdCrossing(REPO, 13, ThresholdLevel.ERROR, Usd.of("1"), Usd.of("1.05"), Instant.now());

    PublishResult first = publisher(CommentBehavior.UPDATE).publish(REPO, 13, error);
    PublishResult second = publisher(CommentBehavior.UPDATE).publish(REPO, 13, error);

    assertThat(first.errorAlertUrl()).isNotNull();
    assertThat(second.errorAlertUrl()).isNull();
    List<String> bodies = github.comments(REPO, 13).stream().map(c -> c.body).toList();
    assertThat(bodies).hasSize(2);
    assertThat(bodies).filteredOn(b -> b.contains("<!-- cto-costs:pr-cost-error repo=5dlabs/cto pr=13 -->")).singleElement()
        .satisfies(b -> assertThat(b).contains("**$1.05**").contains("**$1.00**"));
    assertThat(ours(13).get(0).body).contains("🔴 **error**").contains("warning at $0.05, error at $1.00");

    ThresholdCrossing warning = new ThresholdCrossing(REPO, 12, ThresholdLevel.WARNING, Usd.of("0.05"), Usd.of("0.05"), Instant.now());
    publisher(CommentBehavior.UPDATE).publish(REPO, 12, warning);
    assertThat(ours(12).get(0).body).contains("🟡 **warning**");
    assertThat(github.comments(REPO, 12)).hasSize(1);
  }

  @Test
  void aForbiddenWriteNamesTheMissingPermission() {
    github.fail("POST", "/repos/5dlabs/cto/issues/12/comments", 403,
        Map.of(), "{\"message\":\"Resource not accessible by integration\"}", 5);

    assertThatThrownBy(() -> publisher(CommentBehavior.UPDATE).publish(REPO, 12, null))
        .isInstanceOf(GitHubException.class)
        .hasMessageContaining("HTTP 403, Resource not accessible by integration")
        .hasMessageContaining("pull_requests: write").hasMessageContaining("issues: write");
    assertThat(github.requests("POST", "/repos/5dlabs/cto/issues/12/comments")).hasSize(1); // a plain 403 is not retried
  }

  @Test
  void aWrongRepositoryOrPrIsNamed() {
    assertThatThrownBy(() -> publisher(CommentBehavior.UPDATE).publish("5dlabs/nope", 12, null))
        .isInstanceOf(dev.cto.costs.report.NoCostDataException.class);
    data.call("5dlabs/other", 12, "rex", "code", 1, 10, 10);
    assertThatThrownBy(() -> publisher(CommentBehavior.UPDATE).publish("5dlabs/other", 12, null))
        .isInstanceOf(GitHubException.class)
        .hasMessageContaining("no repository 5dlabs/other").hasMessageContaining("--repo");
    data.call(REPO, 99, "rex", "code", 1, 10, 10);
    assertThatThrownBy(() -> publisher(CommentBehavior.UPDATE).publish(REPO, 99, null))
        .isInstanceOf(GitHubException.class).hasMessageContaining("no PR #99 in 5dlabs/cto");
  }

  @Test
  void badCredentialsAreReportedAsSuch() {
    GitHubSettings wrong = new GitHubSettings(github.apiUrl(), null, "ghp_wrong", null, Duration.ZERO, Duration.ofSeconds(5));
    assertThatThrownBy(() -> publisher(wrong, Clock.systemUTC()).publish(REPO, 12, null))
        .isInstanceOf(GitHubException.class).hasMessageContaining("HTTP 401").hasMessageContaining("GITHUB_TOKEN");
  }

  @Test
  void noCredentialsAtAllIsAClearError() {
    GitHubSettings none = new GitHubSettings(github.apiUrl(), null, null, null, null, null);
    assertThatThrownBy(() -> new GitHubClient(none)).isInstanceOf(GitHubException.class)
        .hasMessageContaining("GITHUB_TOKEN").hasMessageContaining("github.app_id");
  }

  @Test
  void a429WithRetryAfterIsWaitedOutAndRetried() {
    github.fail("POST", "/repos/5dlabs/cto/issues/12/comments", 429, Map.of("Retry-After", "1"),
        "{\"message\":\"You have exceeded a secondary rate limit\"}", 1);

    PublishResult result = publisher(CommentBehavior.UPDATE).publish(REPO, 12, null);

    assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
    List<FakeGitHub.Request> posts = github.requests("POST", "/repos/5dlabs/cto/issues/12/comments");
    assertThat(posts).hasSize(2);
    assertThat(Duration.between(posts.get(0).at(), posts.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    assertThat(ours(12)).hasSize(1);
  }

  @Test
  void aPrimaryRateLimitWaitsUntilTheResetAndALongWaitFailsWithTheTime() {
    long reset = Instant.now().getEpochSecond() + 1;
    github.fail("GET", "/repos/5dlabs/cto/issues/12/comments", 403,
        Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", Long.toString(reset)), "{\"message\":\"API rate limit exceeded\"}", 1);
    assertThat(publisher(CommentBehavior.UPDATE).publish(REPO, 12, null).outcome()).isEqualTo(Outcome.CREATED);
    // the refused listing, its retry, and the look for a racing replica's comment after creating
    assertThat(github.requests("GET", "/repos/5dlabs/cto/issues/12/comments")).hasSize(3);

    github.fail("GET", "/repos/5dlabs/cto/issues/13/comments", 429, Map.of("Retry-After", "3600"), "{\"message\":\"slow down\"}", 1);
    data.call(REPO, 13, "rex", "code", 1, 10, 10);
    assertThatThrownBy(() -> publisher(CommentBehavior.UPDATE).publish(REPO, 13, null))
        .isInstanceOf(GitHubException.class).hasMessageContaining("rate limit").hasMessageContaining("3600 s");
    assertThat(github.requests("GET", "/repos/5dlabs/cto/issues/13/comments")).hasSize(1);
  }

  @Test
  void writesAreSpacedByTheConfiguredPause() {
    GitHubSettings spaced = settings(CommentBehavior.DELETE_AND_NEW).withWriteSpacing(Duration.ofMillis(400));
    publisher(spaced, Clock.systemUTC()).publish(REPO, 12, null);
    data.call(REPO, 12, "rex", "code", 2, 1000, 0);
    GitHubClient client = new GitHubClient(spaced);
    new PrCommentPublisher(data.reports(), client, new PrCommentRenderer(), Clock.systemUTC()).publish(REPO, 12, null);

    List<FakeGitHub.Request> writes = github.requests.stream()
        .filter(r -> !r.method().equals("GET")).toList().subList(1, 3); // the second run's POST and DELETE
    assertThat(writes).extracting(FakeGitHub.Request::method).containsExactly("POST", "DELETE");
    assertThat(Duration.between(writes.get(0).at(), writes.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(380));
  }

  @Test
  void aGitHubThatStopsAnsweringTimesOutInsteadOfHanging() throws Exception {
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      GitHubSettings s = new GitHubSettings("http://127.0.0.1:" + silent.getLocalPort(), null, TOKEN, null, Duration.ZERO, null);
      GitHubClient client = new GitHubClient(s, Clock.systemUTC(), AppTokens.REFRESH_BEFORE, Duration.ofSeconds(1));
      long start = System.nanoTime();

      assertThatThrownBy(() -> new PrCommentPublisher(data.reports(), client, new PrCommentRenderer(), Clock.systemUTC())
          .publish(REPO, 12, null))
          .isInstanceOf(GitHubException.class).hasMessageContaining("cannot reach GitHub").hasMessageContaining("timed out");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void aLimitThatDoesNotLiftAfterThreeTriesIsReportedNotRetriedForever() {
    github.fail("POST", "/repos/5dlabs/cto/issues/12/comments", 429, Map.of("Retry-After", "0"), "{\"message\":\"slow down\"}", 10);

    assertThatThrownBy(() -> publisher(CommentBehavior.UPDATE).publish(REPO, 12, null))
        .isInstanceOf(GitHubException.class).hasMessageContaining("kept rate-limiting").hasMessageContaining("comment on PR #12");
    assertThat(github.requests("POST", "/repos/5dlabs/cto/issues/12/comments")).hasSize(3);
  }

  @Test
  void aCommentDeletedMeanwhileIsNamed() {
    publisher(CommentBehavior.UPDATE).publish(REPO, 12, null);
    data.call(REPO, 12, "rex", "code", 2, 1000, 0);
    github.fail("PATCH", "/repos/5dlabs/cto/issues/comments/", 404, Map.of(), "{\"message\":\"Not Found\"}", 1);

    assertThatThrownBy(() -> publisher(CommentBehavior.UPDATE).publish(REPO, 12, null))
        .isInstanceOf(GitHubException.class)
        .hasMessageContaining("GitHub answered 404 when trying to update the cost comment")
        .hasMessageContaining("(HTTP 404, Not Found): it is gone, or the token needs");
  }
}
