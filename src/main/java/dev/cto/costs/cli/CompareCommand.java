package dev.cto.costs.cli;

import dev.cto.costs.app.CostsApp;
import dev.cto.costs.report.Comparison;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = "Compare PRs side by side: total, tokens, agents, stages, in the order given.",
    footer = {
      "",
      "A PR without cost data is left out and named (on stderr, and in JSON as missing_prs); the",
      "command fails (exit 1) only when none of the PRs has any.",
      "",
      "Example:",
      "  cto-cli costs compare --prs 120,121,122"
    })
final class CompareCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin FormatOption format;

  @Option(names = "--prs", required = true, split = ",", paramLabel = "N,N,…", description = "PR numbers, comma separated.")
  List<Long> prs;

  @Option(names = "--repo", paramLabel = "OWNER/NAME", description = "Repository of the PRs.")
  String repo;

  @Override
  public Integer call() {
    for (Long pr : prs) {
      if (pr < 1) {
        throw UserInputException.usage("--prs: PR numbers must be >= 1, was " + pr);
      }
    }
    if (prs.stream().distinct().count() != prs.size()) {
      throw UserInputException.usage("--prs: a PR is listed twice: " + prs);
    }
    RemoteClient remote = store.remote();
    if (remote != null) {
      String list = String.join(",", prs.stream().map(String::valueOf).toList());
      render(remote.get("/v1/compare?prs=" + list + RemoteClient.query("repo", repo), Comparison.class));
      return 0;
    }
    try (CostsApp app = store.open()) {
      render(app.reports().compare(repo, prs));
    }
    return 0;
  }

  private void render(Comparison comparison) {
    if (!comparison.missingPrs().isEmpty()) {
      spec.commandLine().getErr().println("cto-cli: no cost data for PR "
          + String.join(", ", comparison.missingPrs().stream().map(String::valueOf).toList()) + ": left out of the comparison");
    }
    Output.render(spec, comparison, format.format());
  }
}
