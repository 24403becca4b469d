package dev.cto.costs.cli;

import dev.cto.costs.app.CostsApp;
import dev.cto.costs.budget.BudgetReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "budgets",
    mixinStandardHelpOptions = true,
    description = "Each budget of the cost config: spent, reserved, remaining, projection to the period's end, status.",
    footer = {
      "",
      "A {pr: \"*\"} budget shows its PRs closest to the limit; with --pr, that PR (see docs/budgets.md).",
      "",
      "Examples:",
      "  cto-cli costs budgets --config costs.yaml",
      "  cto-cli costs budgets --pr 42 --repo 5dlabs/cto --json",
      "  cto-cli costs budgets --server http://127.0.0.1:8080 --format markdown"
    })
final class BudgetsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin FormatOption format;

  @Option(names = "--pr", paramLabel = "N", description = "Only the per-PR ({pr: \"*\"}) budgets, as they stand for this PR.")
  Long pr;

  @Option(names = "--repo", paramLabel = "OWNER/NAME", description = "With --pr: the PR's repository (default: any).")
  String repo;

  @Override
  public Integer call() {
    if (repo != null && pr == null) {
      throw UserInputException.usage("--repo goes with --pr");
    }
    if (pr != null && pr < 1) {
      throw UserInputException.usage("--pr must be a PR number >= 1, was " + pr);
    }
    RemoteClient remote = store.remote();
    if (remote != null) {
      String q = pr == null ? "" : "?pr=" + pr + (repo == null ? "" : "&repo=" + java.net.URLEncoder.encode(repo,
          java.nio.charset.StandardCharsets.UTF_8));
      Output.render(spec, remote.get("/v1/budgets" + q, BudgetReport.class), format.format());
      return 0;
    }
    try (CostsApp app = store.open()) {
      Output.render(spec, pr == null ? app.budgets().status() : app.budgets().statusOfPr(repo, pr), format.format());
    }
    return 0;
  }
}
