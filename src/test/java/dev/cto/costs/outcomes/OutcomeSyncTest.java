package dev.cto.costs.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.PrOutcome;
import dev.cto.costs.domain.PrOutcome.State;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.github.FakeGitHub;
import dev.cto.costs.github.GitHubClient;
import dev.cto.costs.github.GitHubSettings;
import dev.cto.costs.github.PullRequestReader;
import dev.cto.costs.store.PrOutcomes.PrKey;
import dev.cto.costs.store.UsageFilter;
import dev.cto.costs.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync on a real SQLite store, reading a loopback GitHub through the real client. */
class OutcomeSyncTest {

  private static final String REPO = "5dlabs/cto";
  private static final String TOKEN = "ghp_sync";

  @TempDir Path dir;
  private FakeGitHub github;
  private JdbcStore store;
  private int ids;

  @BeforeEach
  void setUp() throws Exception {
    github = new FakeGitHub().token(TOKEN)
        .pull(REPO, 1, "closed", "2026-11-20T10:00:00Z", "2026-11-20T10:00:00Z", 120, 30, "2026-11-20T10:00:05Z")
        .pull(REPO, 2, "closed", null, "2026-11-21T08:00:00Z", 7, 3, "2026-11-21T08:00:00Z")
        .pull(REPO, 3, "open", null, null, 40, 0, "2026-11-22T08:00:00Z");
    store = JdbcStore.openSqlite(dir.resolve("costs.db"));
  }

  @AfterEach
  void tearDown() {
    store.close();
    github.close();
  }

  private void usage(String repo, long pr, String at) {
    UsageRecord r = new UsageRecord("r" + (++ids), new Attribution(repo, pr, "rex", "code", 1, null), "claude",
        "claude-opus-4-5", "anthropic", TokenCounts.of(100, 10), null, null, Instant.parse(at), "test");
    store.insert(List.of(new PricedUsage(r, "anthropic", Usd.ofNanos(1_000), true)));
  }

  private OutcomeSync sync() {
    GitHubSettings settings = new GitHubSettings(github.apiUrl(), null, TOKEN, null, Duration.ZERO, Duration.ofSeconds(5));
    return new OutcomeSync(store, new PullRequestReader(new GitHubClient(settings), Clock.systemUTC()));
  }

  @Test
  void storesTheOutcomeOfEveryPrWithUsageAndReportsTheOnesGitHubDoesNotKnow() {
    usage(REPO, 1, "2026-11-19T10:00:00Z");
    usage(REPO, 2, "2026-11-20T10:00:00Z");
    usage(REPO, 3, "2026-11-21T10:00:00Z");
    usage(REPO, 77, "2026-11-21T10:00:00Z"); // not a PR on GitHub (an issue number, say)

    SyncResult result = sync().sync(UsageFilter.ALL, OutcomeSync.Progress.NONE);

    assertThat(result.summary()).isEqualTo("synced 3, unchanged 0, not found 1, failed 0");
    assertThat(result.notFound()).containsExactly(new PrKey(REPO, 77));
    assertThat(store.outcome(REPO, 1)).map(PrOutcome::state).contains(State.MERGED);
    assertThat(store.outcome(REPO, 1)).map(PrOutcome::changedLines).contains(150L);
    assertThat(store.outcome(REPO, 2)).map(PrOutcome::state).contains(State.CLOSED);
    assertThat(store.outcome(REPO, 3)).map(PrOutcome::state).contains(State.OPEN);
    assertThat(store.outcome(REPO, 77)).isEmpty();
  }

  @Test
  void aSecondRunReadsOnlyWhatMayStillChangeAndStoresOnlyWhatDid() {
    usage(REPO, 1, "2026-11-19T10:00:00Z");
    usage(REPO, 3, "2026-11-21T10:00:00Z");
    sync().sync(UsageFilter.ALL, OutcomeSync.Progress.NONE);
    github.requests.clear();

    SyncResult same = sync().sync(UsageFilter.ALL, OutcomeSync.Progress.NONE);
    github.pull(REPO, 3, "closed", "2026-11-25T10:00:00Z", "2026-11-25T10:00:00Z", 41, 2, "2026-11-25T10:00:00Z");
    SyncResult merged = sync().sync(UsageFilter.ALL, OutcomeSync.Progress.NONE);

    assertThat(same.summary()).isEqualTo("synced 0, unchanged 1, not found 0, failed 0");
    assertThat(merged.summary()).isEqualTo("synced 1, unchanged 0, not found 0, failed 0");
    assertThat(github.requests("GET", "/repos/5dlabs/cto/pulls/1")).isEmpty(); // merged is final
    assertThat(store.outcome(REPO, 3)).map(PrOutcome::state).contains(State.MERGED);
    assertThat(sync().sync(UsageFilter.ALL, OutcomeSync.Progress.NONE).candidates()).isZero();
  }

  @Test
  void theFilterNarrowsThePrsRead() {
    usage(REPO, 1, "2026-10-01T10:00:00Z");
    usage(REPO, 2, "2026-11-20T10:00:00Z");
    usage("5dlabs/other", 1, "2026-11-20T10:00:00Z");

    SyncResult result = sync().sync(new UsageFilter(REPO, null, null, Instant.parse("2026-11-01T00:00:00Z"), null, null),
        OutcomeSync.Progress.NONE);

    assertThat(result.candidates()).isEqualTo(1);
    assertThat(store.outcome(REPO, 2)).isPresent();
    assertThat(store.outcome(REPO, 1)).isEmpty();
    assertThat(github.requests("GET", "/repos/5dlabs/other")).isEmpty();
  }

  @Test
  void aFailingPrIsReportedAndTheOthersStillSync() {
    usage(REPO, 1, "2026-11-19T10:00:00Z");
    usage(REPO, 2, "2026-11-20T10:00:00Z");
    usage("5dlabs/private", 5, "2026-11-20T10:00:00Z");
    usage("5dlabs/private", 6, "2026-11-20T10:00:00Z");
    github.fail("GET", "/repos/5dlabs/cto/pulls/1", 502, Map.of(), "{\"message\":\"Server Error\"}", 5);

    SyncResult result = sync().sync(UsageFilter.ALL, OutcomeSync.Progress.NONE);

    assertThat(result.summary()).isEqualTo("synced 1, unchanged 0, not found 0, failed 3");
    assertThat(result.failed()).extracting(SyncResult.Failure::pr)
        .containsExactly(new PrKey(REPO, 1), new PrKey("5dlabs/private", 5), new PrKey("5dlabs/private", 6));
    assertThat(result.failed().get(0).reason()).contains("HTTP 502");
    assertThat(result.failed().get(1).reason()).contains("no repository 5dlabs/private");
    // the repository that failed is asked for once, not once per PR
    assertThat(github.requests("GET", "/repos/5dlabs/private")).hasSize(1);
    assertThat(store.outcome(REPO, 2)).isPresent();
  }

  @Test
  void stoppingOnBadCredentialsKeepsWhatWasReadAndSaysWhy() {
    for (long pr = 1; pr <= OutcomeSync.BATCH + 5; pr++) {
      github.pull(REPO, pr, "open", null, null, 1, 1, "2026-11-22T08:00:00Z");
      usage(REPO, pr, "2026-11-21T10:00:00Z");
    }
    List<int[]> progress = new ArrayList<>();
    // GitHub starts refusing the token after the first batch is read
    github.fail("GET", "/repos/5dlabs/cto/pulls/" + (OutcomeSync.BATCH + 2), 401, Map.of(), "{\"message\":\"Bad credentials\"}", 1);

    SyncResult result = sync().sync(UsageFilter.ALL, (done, total) -> progress.add(new int[] {done, total}));

    assertThat(result.stoppedBecause()).contains("HTTP 401");
    assertThat(result.synced()).isEqualTo(OutcomeSync.BATCH + 1);
    assertThat(result.notRead()).isEqualTo(4);
    assertThat(result.summary()).endsWith(", not read 4");
    assertThat(store.outcome(REPO, OutcomeSync.BATCH + 1)).isPresent();
    assertThat(store.outcome(REPO, OutcomeSync.BATCH + 3)).isEmpty();
    assertThat(progress).hasSize(OutcomeSync.BATCH + 1).last().satisfies(p -> assertThat(p).containsExactly(51, 55));
  }
}
