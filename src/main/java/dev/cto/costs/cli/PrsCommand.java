package dev.cto.costs.cli;

import dev.cto.costs.app.CostsApp;
import dev.cto.costs.report.PrListing;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code costs prs}: pull requests as a list; {@code sync} reads their outcomes from GitHub. */
@Command(
    name = "prs",
    mixinStandardHelpOptions = true,
    description = "Pull requests with recorded usage.",
    subcommands = {PrsCommand.ListCommand.class, PrsSyncCommand.class})
final class PrsCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List PRs with their cost, tokens, calls, last activity and budget status.",
      footer = {
        "",
        "Only records attributed to a PR count. With --agent each PR shows that agent's share.",
        "Works on a database (--db/--db-url), not through --server.",
        "",
        "Examples:",
        "  cto-cli costs prs list                                   all PRs, the most expensive first",
        "  cto-cli costs prs list --repo 5dlabs/cto --days 7 --sort date --limit 20",
        "  cto-cli costs prs list --agent rex --since 2026-11-01 --json"
      })
  static final class ListCommand implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin StoreOptions store;
    @Mixin FormatOption format;

    @Option(names = "--repo", paramLabel = "OWNER/NAME", description = "Only this repository.")
    String repo;

    @Option(names = "--agent", paramLabel = "AGENT", description = "Only this agent's usage.")
    String agent;

    @ArgGroup(exclusive = true)
    Window window;

    static final class Window {
      @Option(names = "--since", paramLabel = "DATE", description = "Usage at or after this date (YYYY-MM-DD or RFC 3339, UTC).")
      String since;

      @Option(names = "--days", paramLabel = "N", description = "Usage in the last N days, today included.")
      Integer days;
    }

    @Option(names = "--until", paramLabel = "DATE", description = "Usage before this date.")
    String until;

    @Option(names = "--sort", paramLabel = "cost|date", defaultValue = "cost",
        description = "cost: the most expensive first; date: the most recently active first (default: ${DEFAULT-VALUE}).")
    PrListing.Sort sort;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N PRs, 0 for all (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
      if (limit < 0) {
        throw UserInputException.usage("--limit must be >= 0, was " + limit);
      }
      Instant from = window == null ? null
          : window.since != null ? Dates.parse("--since", window.since) : Dates.lastDays(window.days, Clock.systemUTC());
      Instant to = Dates.parse("--until", until);
      if (from != null && to != null && !to.isAfter(from)) {
        throw UserInputException.usage("--until must be after the start (" + from + ")");
      }
      if (store.remote() != null) {
        throw UserInputException.usage("prs list works on a database (--db/--db-url), not through --server or COST_SERVER_URL");
      }
      try (CostsApp app = store.open()) {
        PrListing listing = app.reports().prList(repo, agent, from, to, sort, limit);
        if (listing.prs().isEmpty()) {
          throw UserInputException.data("no PRs with cost data match these filters");
        }
        Output.render(spec, listing, format.format());
      }
      return 0;
    }
  }
}
