package dev.cto.costs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.cli.CliProcess.Result;
import dev.cto.costs.domain.PrOutcome;
import dev.cto.costs.github.FakeGitHub;
import dev.cto.costs.store.jdbc.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cto-cli costs prs sync}: the real jar, as a process, against a loopback GitHub via GITHUB_API_URL. */
class PrsSyncCommandE2ETest {

  private static final String TOKEN = "ghp_sync_e2e";

  @TempDir Path dir;
  private FakeGitHub github;
  private String db;

  @BeforeEach
  void setUp() throws Exception {
    github = new FakeGitHub().token(TOKEN)
        .pull("5dlabs/cto", 123, "closed", "2026-03-02T10:00:00Z", "2026-03-02T10:00:00Z", 120, 30, "2026-03-02T10:00:01Z")
        .pull("5dlabs/cto", 124, "open", null, null, 5, 1, "2026-03-01T12:00:00Z");
    db = dir.resolve("costs.db").toString();
    StringBuilder lines = new StringBuilder();
    int id = 0;
    for (long pr : new long[] {123, 124, 125}) {
      lines.append(String.format("{\"id\":\"r%d\",\"repository\":\"5dlabs/cto\",\"pr_number\":%d,\"agent\":\"rex\","
          + "\"stage\":\"code\",\"iteration\":1,\"model\":\"claude-sonnet\",\"input_tokens\":1000,\"output_tokens\":100,"
          + "\"timestamp\":\"2026-03-01T10:00:00Z\"}%n", ++id, pr));
    }
    Path file = Files.writeString(dir.resolve("usage.ndjson"), lines);
    Result r = CliProcess.run(dir, Map.of(), null, "costs", "ingest", "--db", db, file.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  @AfterEach
  void tearDown() {
    github.close();
  }

  private Result sync(Map<String, String> extraEnv, String... args) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("GITHUB_API_URL", github.apiUrl(), "GITHUB_TOKEN", ""));
    env.putAll(extraEnv);
    List<String> all = new ArrayList<>(List.of("costs", "prs", "sync", "--db", db));
    all.addAll(List.of(args));
    return CliProcess.run(dir, env, null, all.toArray(String[]::new));
  }

  @Test
  void storesOutcomesSummarisesAndListsThePrGitHubDoesNotKnow() throws Exception {
    Result first = sync(Map.of("GITHUB_TOKEN", TOKEN));
    Result second = sync(Map.of("GITHUB_TOKEN", TOKEN));

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).isEqualTo("synced 2, unchanged 0, not found 1, failed 0\n");
    assertThat(first.err()).endsWith("not found on GitHub: 5dlabs/cto#125\n").doesNotContain("failed:");
    // 123 merged: final; 124 open and 125 unknown: asked again
    assertThat(second.out()).isEqualTo("synced 0, unchanged 1, not found 1, failed 0\n");
    try (JdbcStore store = JdbcStore.openSqlite(Path.of(db))) {
      assertThat(store.outcome("5dlabs/cto", 123)).map(PrOutcome::state).contains(PrOutcome.State.MERGED);
      assertThat(store.outcome("5dlabs/cto", 123)).map(PrOutcome::changedLines).contains(150L);
      assertThat(store.outcome("5dlabs/cto", 124)).map(PrOutcome::state).contains(PrOutcome.State.OPEN);
    }
    assertThat(first.err() + first.out()).doesNotContain(TOKEN);
  }

  @Test
  void dryRunListsThePrsWithoutGitHubOrCredentials() throws Exception {
    Result r = sync(Map.of(), "--dry-run", "--repo", "5dlabs/cto", "--since", "2026-03-01");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("5dlabs/cto#123\n5dlabs/cto#124\n5dlabs/cto#125\n3 PRs would be read from GitHub\n");
    assertThat(github.requests).isEmpty();
  }

  @Test
  void withoutCredentialsItSaysWhichToSet() throws Exception {
    Result r = sync(Map.of());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("no GitHub credentials: set GITHUB_TOKEN").contains("github.app_id").contains("--dry-run");
    assertThat(github.requests).isEmpty();
  }

  @Test
  void badCredentialsStopWithExitOneAndSayWhy() throws Exception {
    Result r = sync(Map.of("GITHUB_TOKEN", "ghp_wrong"));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("synced 0, unchanged 0, not found 0, failed 0, not read 3\n");
    assertThat(r.err()).contains("stopped: GitHub rejected the credentials (HTTP 401)");
  }

  @Test
  void aBadRepoOrDateIsAUsageError() throws Exception {
    assertThat(sync(Map.of(), "--repo", "not-a-repo").err()).contains("--repo must look like owner/name");
    assertThat(sync(Map.of(), "--since", "yesterday").exitCode()).isEqualTo(2);
  }
}
