package dev.cto.costs.cli;

import dev.cto.costs.app.CostsApp;
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
    footer = {"", "Example:", "  cto-cli costs compare --prs 120,121,122"})
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
      Output.render(spec, remote.get("/v1/compare?prs=" + list + RemoteClient.query("repo", repo),
          dev.cto.costs.report.Comparison.class), format.format);
      return 0;
    }
    try (CostsApp app = store.open()) {
      Output.render(spec, app.reports().compare(repo, prs), format.format);
    }
    return 0;
  }
}
