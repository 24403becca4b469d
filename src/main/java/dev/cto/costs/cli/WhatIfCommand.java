package dev.cto.costs.cli;

import dev.cto.costs.analytics.AnalyticsScope;
import dev.cto.costs.analytics.WhatIfReport;
import dev.cto.costs.analytics.WhatIfRequest;
import dev.cto.costs.app.CostsApp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "whatif",
    mixinStandardHelpOptions = true,
    description = {
      "What a PR or a period would have cost had some models been others: the records of FROM re-priced with",
      "TO's prices in force on each record's day (TO's cache and long-context rules), the others at their cost."
    },
    footer = {
      "",
      "FROM is a model name, an alias or a glob (* and ?), case-insensitive; TO is one model of the pricing catalog.",
      "Records stored without a price are in neither total and listed apart.",
      "",
      "Examples:",
      "  cto-cli costs whatif --pr 123 --repo 5dlabs/cto --model 'claude-opus-*=claude-sonnet-4-5'",
      "  cto-cli costs whatif --agent rex --since 2026-09-01 --model 'claude-opus-*=claude-sonnet-4-5'",
      "  cto-cli costs whatif --model gpt-5=gpt-5-mini --model 'claude-*=claude-haiku-4-5' --format csv"
    })
final class WhatIfCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin FormatOption format;
  @Mixin AnalyticsOptions scope;

  @Option(names = "--pr", paramLabel = "N", description = "One pull request, all of it (instead of --since/--until).")
  Long pr;

  @Option(names = "--model", paramLabel = "FROM=TO",
      description = "Price FROM's records as TO; repeat for several swaps (the first that fits a record wins).")
  List<String> models;

  @Override
  public Integer call() {
    WhatIfRequest request;
    try {
      request = WhatIfRequest.parse(pr == null ? null : String.valueOf(pr), scope.repository, scope.since, scope.until,
          scope.agent, models, Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      throw UserInputException.usage("--" + e.getMessage());
    }
    RemoteClient remote = store.remote();
    if (remote != null) {
      Output.render(spec, remote.get("/v1/analytics/whatif?" + query(request), WhatIfReport.class), format.format());
      return 0;
    }
    try (CostsApp app = store.open()) {
      WhatIfReport report;
      try {
        report = app.analytics().whatIf().whatIf(request);
      } catch (IllegalArgumentException e) {
        throw UserInputException.usage("--" + e.getMessage());
      }
      Output.render(spec, report, format.format());
    }
    return 0;
  }

  /** The same request as HTTP query parameters, with the period's days resolved here. */
  private static String query(WhatIfRequest request) {
    StringBuilder q = new StringBuilder();
    AnalyticsScope period = request.period();
    if (period != null) {
      q.append("since=").append(period.from()).append("&until=").append(period.to());
    } else {
      q.append("pr=").append(request.prNumber());
    }
    append(q, "repo", request.repository());
    append(q, "agent", request.agent());
    request.modelTexts().forEach(m -> append(q, "model", m));
    return q.toString();
  }

  private static void append(StringBuilder q, String name, String value) {
    if (value != null) {
      q.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }
}
