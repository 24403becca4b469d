package dev.cto.costs.cli;

import dev.cto.costs.app.CostsApp;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "reprice",
    mixinStandardHelpOptions = true,
    description = "Recompute costs with the current prices: unpriced records, or --all records.",
    footer = {
      "",
      "Costs are fixed at ingest with the price in force at each record's timestamp. After adding a",
      "missing model to the config, run reprice; after correcting a price, run reprice --all.",
      "",
      "Examples:",
      "  cto-cli costs reprice --config cost-config.yaml",
      "  cto-cli costs reprice --all"
    })
final class RepriceCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StoreOptions store;

  @Option(names = "--all", description = "Reprice every record, not only the unpriced ones.")
  boolean all;

  @Override
  public Integer call() {
    store.requireLocal("reprice");
    try (CostsApp app = store.open()) {
      Output.printReprice(spec.commandLine().getOut(), app.repricer().reprice(all));
    }
    return 0;
  }
}
