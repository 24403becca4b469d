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
    name = "agent",
    mixinStandardHelpOptions = true,
    description = "Cost report of one agent across PRs: totals, PRs, models, stages, spend per day.",
    footer = {
      "",
      "Without --since or --days the report covers the last 30 days.",
      "",
      "Examples:",
      "  cto-cli costs agent --name rex --since 2026-01-01",
      "  cto-cli costs agent --name cleo --days 7 --format json"
    })
final class AgentCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin FormatOption format;

  @Option(names = "--name", required = true, paramLabel = "AGENT", description = "Agent name, e.g. rex.")
  String name;

  @ArgGroup(exclusive = true)
  Window window;

  static final class Window {
    @Option(names = "--since", paramLabel = "DATE", description = "From this date (YYYY-MM-DD or RFC 3339, UTC).")
    String since;

    @Option(names = "--days", paramLabel = "N", description = "The last N days, today included.")
    Integer days;
  }

  @Option(names = "--until", paramLabel = "DATE", description = "Up to (excluding) this date; default: now.")
  String until;

  @Override
  public Integer call() {
    Clock clock = Clock.systemUTC();
    Instant to = until == null ? null : Dates.parse("--until", until);
    Instant from;
    if (window != null && window.since != null) {
      from = Dates.parse("--since", window.since);
    } else {
      from = Dates.lastDays(window != null && window.days != null ? window.days : 30, clock);
    }
    if (to != null && !to.isAfter(from)) {
      throw UserInputException.usage("--until must be after the start of the report (" + from + ")");
    }
    RemoteClient remote = store.remote();
    if (remote != null) {
      Output.render(spec, remote.get("/v1/agents/" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
          .replace("+", "%20") + "?" + RemoteClient.query("since", from).substring(1) + RemoteClient.query("until", to),
          dev.cto.costs.report.AgentReport.class), format.format());
      return 0;
    }
    try (CostsApp app = store.open()) {
      Output.render(spec, app.reports().agentReport(name, from, to), format.format());
    }
    return 0;
  }
}
