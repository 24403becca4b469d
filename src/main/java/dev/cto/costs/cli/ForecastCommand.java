package dev.cto.costs.cli;

import dev.cto.costs.analytics.ForecastReport;
import dev.cto.costs.analytics.ForecastRequest;
import dev.cto.costs.app.CostsApp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "forecast",
    mixinStandardHelpOptions = true,
    description = {
      "Where the month's spend will end, with an 80% interval, against a budget and the day it will cross it.",
      "Weekday-weighted (agents work less at weekends); the method is named in the output."
    },
    footer = {
      "",
      "Examples:",
      "  cto-cli costs forecast --budget 5000                 this month (UTC)",
      "  cto-cli costs forecast --month 2026-10 --as-of 2026-10-10   replay a past day",
      "  cto-cli costs forecast --agent rex --format json"
    })
final class ForecastCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin FormatOption format;

  @Option(names = "--month", paramLabel = "current|YYYY-MM", description = "The month to forecast (default: current, UTC).")
  String month;

  @Option(names = "--as-of", paramLabel = "DATE",
      description = "Pretend it is the end of this day (YYYY-MM-DD): later records are ignored. Default: today, or a past month's last day.")
  String asOf;

  @Option(names = "--budget", paramLabel = "USD", description = "The month's budget in USD: the day the projection crosses it is shown.")
  String budget;

  @Option(names = "--repo", paramLabel = "OWNER/NAME", description = "Only this repository.")
  String repository;

  @Option(names = "--agent", paramLabel = "NAME", description = "Only this agent.")
  String agent;

  @Override
  public Integer call() {
    ForecastRequest request;
    try {
      request = ForecastRequest.parse(month, asOf, budget, repository, agent, Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      throw UserInputException.usage("--" + e.getMessage());
    }
    RemoteClient remote = store.remote();
    if (remote != null) {
      StringBuilder q = new StringBuilder("?month=").append(request.month()).append("&as-of=").append(request.asOf());
      append(q, "budget", request.budget() == null ? null : request.budget().toPlainString());
      append(q, "repo", request.repository());
      append(q, "agent", request.agent());
      Output.render(spec, remote.get("/v1/analytics/forecast" + q, ForecastReport.class), format.format());
      return 0;
    }
    try (CostsApp app = store.open()) {
      Output.render(spec, app.analytics().forecast().forecast(request), format.format());
    }
    return 0;
  }

  private static void append(StringBuilder q, String name, String value) {
    if (value != null) {
      q.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }
}
