package dev.cto.costs.cli;

import dev.cto.costs.app.CostsApp;
import dev.cto.costs.collect.CacheSavingsBackfill;
import dev.cto.costs.collect.RepriceService.RepriceResult;
import java.io.PrintWriter;
import java.util.Map;
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
      "A priced record whose model has no price in the current config keeps its cost: reprice then",
      "changes nothing, says which models lack a price and exits 1, unless --force is given.",
      "",
      "Examples:",
      "  cto-cli costs reprice --config cost-config.yaml",
      "  cto-cli costs reprice --all --dry-run",
      "  cto-cli costs reprice --all"
    })
final class RepriceCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StoreOptions store;

  @Option(names = "--all", description = "Reprice every record, not only the unpriced ones.")
  boolean all;

  @Option(names = "--dry-run", description = "Show what would change; write nothing.")
  boolean dryRun;

  @Option(names = "--force", description = "Also turn priced records unpriced when the config has no price for their model.")
  boolean force;

  @Override
  public Integer call() {
    store.requireLocal("reprice");
    try (CostsApp app = store.open()) {
      PrintWriter out = spec.commandLine().getOut();
      RepriceResult result = dryRun ? app.repricer().preview(all) : app.repricer().reprice(all, force);
      print(out, result);
      if (!dryRun) {
        // records stored before cache savings were recorded: the same prices give them their savings
        CacheSavingsBackfill.Result savings = app.cacheSavingsBackfill().run();
        if (savings.filled() > 0 || savings.stillUnknown() > 0) {
          out.println("cache savings filled in for " + Output.count(savings.filled()) + " records stored before they were"
              + " recorded" + (savings.stillUnknown() == 0 ? ""
              : "; " + Output.count(savings.stillUnknown()) + " keep unknown savings (no price for their model)"));
        }
      }
      if (!result.applied() && !dryRun) {
        throw UserInputException.data("reprice changed nothing: " + Output.count(result.losingPriceCount())
            + " priced records would lose their price. Add their models to the config (a file that only adds"
            + " prices needs extends_default_pricing: true), or pass --force to store them unpriced");
      }
    }
    return 0;
  }

  static void print(PrintWriter out, RepriceResult r) {
    String verb = r.applied() ? "" : "would be ";
    out.println("examined " + Output.count(r.examined()) + " records: " + Output.count(r.changed()) + " " + verb + "changed, "
        + Output.count(r.newlyPriced()) + " " + verb + "newly priced; their cost " + r.costBefore()
        + (r.applied() ? " → " : " would become ") + r.costAfter());
    if (!r.losingPrice().isEmpty()) {
      out.println(r.applied() ? "now without a price (no price in the config):" : "would lose their price (no price in the config):");
      list(out, r.losingPrice());
    }
    if (!r.stillUnpriced().isEmpty()) {
      out.println("still without a price (add them to the cost config):");
      list(out, r.stillUnpriced());
    }
  }

  private static void list(PrintWriter out, Map<String, Long> perModel) {
    perModel.forEach((model, n) -> out.println("  " + model + ": " + Output.count(n) + " records"));
  }
}
