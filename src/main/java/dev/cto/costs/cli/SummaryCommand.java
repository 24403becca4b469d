package dev.cto.costs.cli;

import dev.cto.costs.app.CostsApp;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "summary",
    mixinStandardHelpOptions = true,
    description = "Spend over a period: totals, by agent, model, stage and day, and the top PRs.",
    footer = {
      "",
      "Examples:",
      "  cto-cli costs summary                       the current month (UTC)",
      "  cto-cli costs summary --month 2026-10",
      "  cto-cli costs summary --since 2026-11-01 --format csv"
    })
final class SummaryCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin FormatOption format;

  @ArgGroup(exclusive = true)
  Period period;

  static final class Period {
    @Option(names = "--month", paramLabel = "current|previous|YYYY-MM", description = "A calendar month (UTC).")
    String month;

    @Option(names = "--since", paramLabel = "DATE", description = "From this date until now.")
    String since;
  }

  @Override
  public Integer call() {
    Clock clock = Clock.systemUTC();
    Instant from;
    Instant to;
    if (period != null && period.since != null) {
      from = Dates.parse("--since", period.since);
      to = null;
    } else {
      var window = Dates.month(period == null ? null : period.month, clock);
      from = window.from();
      to = window.until();
    }
    RemoteClient remote = store.remote();
    if (remote != null) {
      String q = period != null && period.since != null ? "?since=" + from
          : "?month=" + (period == null || period.month == null ? "current" : period.month);
      Output.render(spec, remote.get("/v1/summary" + q, dev.cto.costs.report.Summary.class), format.format);
      return 0;
    }
    try (CostsApp app = store.open()) {
      Output.render(spec, app.reports().summary(from, to), format.format);
    }
    return 0;
  }
}
