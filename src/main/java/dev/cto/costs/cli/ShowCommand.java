package dev.cto.costs.cli;

import dev.cto.costs.app.CostsApp;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Cost report of one pull request: totals, agents, stages, models, unpriced usage.",
    footer = {
      "",
      "PR numbers are per repository: --repo picks one (default: default_repository from the",
      "config, else the only repository that has this PR).",
      "",
      "Examples:",
      "  cto-cli costs show --pr 123",
      "  cto-cli costs show --pr 123 --repo 5dlabs/cto --detailed --format markdown"
    })
final class ShowCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin FormatOption format;

  @Option(names = "--pr", required = true, paramLabel = "N", description = "Pull request number.")
  long pr;

  @Option(names = "--repo", paramLabel = "OWNER/NAME", description = "Repository of the PR.")
  String repo;

  @Option(names = "--detailed", description = "Add the per-agent, per-iteration breakdown.")
  boolean detailed;

  @Override
  public Integer call() {
    if (pr < 1) {
      throw UserInputException.usage("--pr must be >= 1, was " + pr);
    }
    RemoteClient remote = store.remote();
    if (remote != null) {
      Output.render(spec, remote.get("/v1/prs/" + pr + "?detailed=" + detailed + RemoteClient.query("repo", repo),
          dev.cto.costs.report.PrReport.class), format.format());
      return 0;
    }
    try (CostsApp app = store.open()) {
      Output.render(spec, app.reports().prReport(repo, pr, detailed), format.format());
    }
    return 0;
  }
}
