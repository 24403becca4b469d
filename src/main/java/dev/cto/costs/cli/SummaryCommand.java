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
      "  cto-cli costs summary --since 2026-11-01 --until 2026-11-15 --format csv",
      "  cto-cli costs summary --days 7 --json"
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

    @Option(names = "--since", paramLabel = "DATE", description = "From this date (YYYY-MM-DD or RFC 3339, UTC).")
    String since;

    @Option(names = "--days", paramLabel = "N", description = "The last N days, today included.")
    Integer days;
  }

  @Option(names = "--until", paramLabel = "DATE", description = "With --since or --days: up to (excluding) this date; default: now.")
  String until;

  @Override
  public Integer call() {
    Clock clock = Clock.systemUTC();
    Instant from;
    Instant to;
    boolean month = period == null || period.month != null;
    if (month && until != null) {
      throw UserInputException.usage("--until goes with --since or --days, not with a month");
    }
    if (!month) {
      from = period.since != null ? Dates.parse("--since", period.since) : Dates.lastDays(period.days, clock);
      to = Dates.parse("--until", until);
      if (to != null && !to.isAfter(from)) {
        throw UserInputException.usage("--until must be after the start of the summary (" + from + ")");
      }
    } else {
      var window = Dates.month(period == null ? null : period.month, clock);
      from = window.from();
      to = window.until();
    }
    RemoteClient remote = store.remote();
    if (remote != null) {
      String q = !month ? "?" + RemoteClient.query("since", from).substring(1) + RemoteClient.query("until", to)
          : "?month=" + (period == null ? "current" : period.month);
      Output.render(spec, remote.get("/v1/summary" + q, dev.cto.costs.report.Summary.class), format.format());
      return 0;
    }
    try (CostsApp app = store.open()) {
      Output.render(spec, app.reports().summary(from, to), format.format());
    }
    return 0;
  }
}
