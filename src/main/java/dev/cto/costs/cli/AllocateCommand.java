package dev.cto.costs.cli;

import dev.cto.costs.app.CostsApp;
import dev.cto.costs.budget.Allocation;
import dev.cto.costs.budget.Chargeback;
import dev.cto.costs.report.Periods;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "allocate",
    mixinStandardHelpOptions = true,
    description = "Chargeback: a month's cost by team, repository or agent; records of no team are 'unallocated'.",
    footer = {
      "",
      "Teams come from the cost config's teams section; a record two teams claim goes to the first",
      "of them in config order, so the rows always add up to the month's total (docs/budgets.md).",
      "",
      "Examples:",
      "  cto-cli costs allocate --month 2026-11 --by team --config costs.yaml",
      "  cto-cli costs allocate --month previous --by repository --format csv > chargeback.csv"
    })
final class AllocateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin FormatOption format;

  @Option(names = "--month", paramLabel = "current|previous|YYYY-MM", description = "The calendar month (UTC); default: current.")
  String month;

  @Option(names = "--by", paramLabel = "team|repository|agent", description = "What to charge the cost to (default: team).")
  String by;

  @Override
  public Integer call() {
    Chargeback.By dimension;
    Periods.Window window;
    try {
      dimension = Chargeback.By.parse(by == null ? "team" : by);
      window = Periods.month(month, Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      throw UserInputException.usage("--" + e.getMessage());
    }
    RemoteClient remote = store.remote();
    if (remote != null) {
      String q = "?month=" + (month == null ? "current" : month) + "&by=" + dimension.wireName();
      Output.render(spec, remote.get("/v1/allocate" + q, Allocation.class), format.format());
      return 0;
    }
    try (CostsApp app = store.open()) {
      Output.render(spec, app.chargeback().allocate(window.from(), window.until(), dimension), format.format());
    }
    return 0;
  }
}
