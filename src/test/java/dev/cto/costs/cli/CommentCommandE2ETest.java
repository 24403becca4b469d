package dev.cto.costs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.cli.CliProcess.Result;
import dev.cto.costs.github.FakeGitHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cto-cli costs comment}: the real jar, as a process, against a loopback GitHub via GITHUB_API_URL. */
class CommentCommandE2ETest {

  private static final String TOKEN = "ghp_e2e_token";

  @TempDir Path dir;
  private FakeGitHub github;
  private String db;

  @BeforeEach
  void setUp() throws Exception {
    github = new FakeGitHub().pr("5dlabs/cto", 123).token(TOKEN);
    db = dir.resolve("costs.db").toString();
    ingest("a", "rex", "code", 1, 10_000, 5_000);
    ingest("b", "cleo", "quality", 1, 2_000, 500);
  }

  @AfterEach
  void tearDown() {
    github.close();
  }

  private void ingest(String id, String agent, String stage, int iteration, long in, long out) throws Exception {
    Path file = Files.writeString(dir.resolve(id + ".ndjson"), String.format("{\"id\":\"%s\",\"repository\":\"5dlabs/cto\","
        + "\"pr_number\":123,\"agent\":\"%s\",\"stage\":\"%s\",\"iteration\":%d,\"model\":\"claude-sonnet\",\"input_tokens\":%d,"
        + "\"output_tokens\":%d,\"timestamp\":\"2026-03-01T10:00:00Z\"}%n", id, agent, stage, iteration, in, out));
    Result r = CliProcess.run(dir, Map.of(), null, "costs", "ingest", "--db", db, file.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  private Result comment(Map<String, String> extraEnv, String... args) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("GITHUB_API_URL", github.apiUrl(), "GITHUB_TOKEN", "", "GITHUB_REPOSITORY", ""));
    env.putAll(extraEnv);
    String[] all = new String[args.length + 4];
    all[0] = "costs";
    all[1] = "comment";
    all[2] = "--db";
    all[3] = db;
    System.arraycopy(args, 0, all, 4, args.length);
    return CliProcess.run(dir, env, null, all);
  }

  @Test
  void createsThenLeavesUnchangedThenUpdatesTheOneComment() throws Exception {
    Map<String, String> token = Map.of("GITHUB_TOKEN", TOKEN);

    Result first = comment(token, "--pr", "123", "--repo", "5dlabs/cto");
    Result second = comment(token, "--pr", "123", "--repo", "5dlabs/cto");
    ingest("c", "rex", "code", 2, 100_000, 0); // 100,000 * $3/M = $0.30
    Result third = comment(token, "--pr", "123", "--repo", "5dlabs/cto");

    assertThat(first.exitCode()).as(first.err()).isZero();
    long id = github.comments("5dlabs/cto", 123).get(0).id;
    assertThat(first.out()).isEqualTo("created the cost comment: https://github.example/5dlabs/cto/pull/123#issuecomment-" + id + "\n");
    assertThat(second.out()).startsWith("unchanged");
    assertThat(third.out()).startsWith("updated the cost comment");
    assertThat(github.comments("5dlabs/cto", 123)).singleElement().satisfies(c -> assertThat(c.body)
        // (12,000 * 3 + 5,500 * 15) / 1e6 = $0.1185, then + $0.30
        .contains("**Total Cost**: $0.42 · +$0.30 since the last update")
        // rex: 10,000 * 3 + 5,000 * 15 = $0.105, + $0.30 = $0.405, shown half-even as $0.40
        .contains("| rex | 2 | 110,000 | 5,000 | 0 | 0 | $0.40 |")
        .endsWith("<!-- cto-costs:pr-cost-report repo=5dlabs/cto pr=123 -->\n"));
    assertThat(github.requests("PATCH", "/")).hasSize(1);
    assertThat(first.err() + second.err() + third.err()).doesNotContain(TOKEN);
  }

  @Test
  void dryRunPrintsTheBodyWithoutGitHub() throws Exception {
    Result r = comment(Map.of(), "--pr", "123", "--repo", "5dlabs/cto", "--dry-run");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("## 💰 Cost Report\n\n**Total Cost**: $0.12\n")
        .contains("### Breakdown by Stage").endsWith("<!-- cto-costs:pr-cost-report repo=5dlabs/cto pr=123 -->\n");
    assertThat(github.requests).isEmpty();
  }

  @Test
  void withoutCredentialsItSaysHowToGiveThem() throws Exception {
    Result r = comment(Map.of(), "--pr", "123", "--repo", "5dlabs/cto");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("no GitHub credentials: set GITHUB_TOKEN").contains("--dry-run");
    assertThat(github.requests).isEmpty();
  }

  @Test
  void aForbiddenTokenAndAWrongRepositoryAreExplained() throws Exception {
    github.fail("POST", "/repos/5dlabs/cto/issues/123/comments", 403, Map.of(), "{\"message\":\"Resource not accessible by integration\"}", 1);

    Result forbidden = comment(Map.of("GITHUB_TOKEN", TOKEN), "--pr", "123", "--repo", "5dlabs/cto");
    Result wrongRepo = comment(Map.of("GITHUB_TOKEN", TOKEN, "GITHUB_REPOSITORY", "5dlabs/cto"), "--pr", "123", "--repo", "5dlabs/ctoo");

    assertThat(forbidden.exitCode()).isEqualTo(1);
    assertThat(forbidden.err()).startsWith("cto-cli: GitHub refused to comment on PR #123 in 5dlabs/cto (HTTP 403")
        .contains("pull_requests: write");
    assertThat(wrongRepo.exitCode()).isEqualTo(1);
    assertThat(wrongRepo.err()).contains("no cost data for PR 123 in 5dlabs/ctoo");
  }

  @Test
  void helpTeachesCredentialsBehavioursAndExitCodes() throws Exception {
    Result r = CliProcess.run(dir, Map.of(), null, "costs", "comment", "--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("GITHUB_TOKEN").contains("GITHUB_API_URL").contains("hide-and-new").contains("delete-and-new")
        .contains("--dry-run").contains("Exit codes").contains("pull-requests: write");
  }
}
