package dev.cto.costs.cli;

import dev.cto.costs.app.CostsApp;
import dev.cto.costs.domain.RecordField;
import dev.cto.costs.github.GitHubException;
import dev.cto.costs.outcomes.OutcomeSync;
import dev.cto.costs.outcomes.SyncResult;
import dev.cto.costs.store.PrOutcomes.PrKey;
import dev.cto.costs.store.UsageFilter;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code costs prs sync}: reads what became of the PRs with usage from GitHub into the store. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = "Read state, merge time, additions and deletions of the PRs with usage from GitHub into the store.",
    footer = {
      "",
      "Reads the PRs without an outcome yet, still open, or used after they closed (merged is final).",
      "Credentials: those of PR comments. GITHUB_TOKEN (read access to pull requests is enough), or",
      "github.app_id + github.private_key_path (+ github.installation_id) in the config for a GitHub App.",
      "API: GITHUB_API_URL, else github.api_url, else https://api.github.com.",
      "",
      "Prints one line: synced N (stored new or changed), unchanged, not found (GitHub answered 404),",
      "failed. PRs not found or failed are listed on stderr. Exit 0 when none failed, 1 otherwise.",
      "",
      "Examples:",
      "  cto-cli costs prs sync",
      "  cto-cli costs prs sync --repo 5dlabs/cto --since 2026-11-01",
      "  cto-cli costs prs sync --dry-run          list the PRs it would read, without GitHub"
    })
final class PrsSyncCommand implements Callable<Integer> {

  /** Progress lines on stderr every this many PRs, for runs longer than that. */
  static final int PROGRESS_EVERY = 50;

  @Spec CommandSpec spec;
  @Mixin StoreOptions store;

  @Option(names = "--repo", paramLabel = "OWNER/NAME", description = "Only PRs of this repository.")
  String repo;

  @Option(names = "--since", paramLabel = "DATE", description = "Only PRs with usage at or after this date (YYYY-MM-DD or RFC 3339, UTC).")
  String since;

  @Option(names = "--dry-run", description = "List the PRs that would be read; do not talk to GitHub or write.")
  boolean dryRun;

  @Override
  public Integer call() {
    if (repo != null && RecordField.REPOSITORY.problem(repo) != null) {
      throw UserInputException.usage("--repo " + RecordField.REPOSITORY.problem(repo));
    }
    Instant from = Dates.parse("--since", since);
    store.requireLocal("prs sync");
    UsageFilter filter = new UsageFilter(repo, null, null, from, null, null);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (CostsApp app = store.open()) {
      if (dryRun) {
        List<PrKey> prs = app.prOutcomes().prsNeedingSync(filter);
        prs.forEach(pr -> out.println(pr.repository() + "#" + pr.prNumber()));
        out.println(prs.size() + " PR" + (prs.size() == 1 ? "" : "s") + " would be read from GitHub");
        out.flush();
        return 0;
      }
      SyncResult result = sync(app).sync(filter, (done, total) -> {
        if (total > PROGRESS_EVERY && (done % PROGRESS_EVERY == 0 || done == total)) {
          err.println("prs sync: " + done + "/" + total + " PRs read");
          err.flush();
        }
      });
      result.notFound().forEach(pr -> err.println("not found on GitHub: " + pr.repository() + "#" + pr.prNumber()));
      result.failed().forEach(f -> err.println("failed: " + f.pr().repository() + "#" + f.pr().prNumber() + ": " + f.reason()));
      if (result.stoppedBecause() != null) {
        err.println("stopped: " + result.stoppedBecause());
      }
      err.flush();
      out.println(result.candidates() == 0 ? "nothing to sync: every PR with usage here has a final outcome"
          : result.summary());
      out.flush();
      return result.failed().isEmpty() && result.stoppedBecause() == null ? 0 : 1;
    }
  }

  private static OutcomeSync sync(CostsApp app) {
    Map<String, String> env = System.getenv();
    try {
      return app.outcomeSync(env);
    } catch (GitHubException e) {
      if (e.status() == -1 && e.getMessage().startsWith("no GitHub credentials")) {
        throw UserInputException.usage("no GitHub credentials: set GITHUB_TOKEN (a token that can read pull requests)"
            + " or configure github.app_id and github.private_key_path (and github.installation_id) for a GitHub App;"
            + " --dry-run lists the PRs without GitHub");
      }
      throw e;
    }
  }
}
