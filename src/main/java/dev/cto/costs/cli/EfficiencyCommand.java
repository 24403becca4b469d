package dev.cto.costs.cli;

import dev.cto.costs.analytics.AnalyticsScope;
import dev.cto.costs.analytics.EfficiencyReport;
import dev.cto.costs.app.CostsApp;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "efficiency",
    mixinStandardHelpOptions = true,
    description = {
      "Which agents and models burn money: per agent, cost per PR (mean, median, p90, max), per iteration,"
          + " iterations per PR, cache hit ratio and what caching saved, output tokens per dollar and PR"
          + " outcomes; per model, cost and caching. Agents with the highest mean cost per PR come first."
    },
    footer = {
      "",
      "Examples:",
      "  cto-cli costs efficiency                              the last 90 days",
      "  cto-cli costs efficiency --since 2026-10-01 --until 2026-10-31 --repo 5dlabs/cto",
      "  cto-cli costs efficiency --agent rex --format json"
    })
final class EfficiencyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin AnalyticsOptions analytics;
  @Mixin FormatOption format;

  @Override
  public Integer call() {
    AnalyticsScope scope = analytics.scope(Clock.systemUTC());
    RemoteClient remote = store.remote();
    if (remote != null) {
      Output.render(spec, remote.get("/v1/analytics/efficiency?" + analytics.query(scope), EfficiencyReport.class),
          format.format());
      return 0;
    }
    try (CostsApp app = store.open()) {
      Output.render(spec, app.analytics().efficiency().efficiency(scope), format.format());
    }
    return 0;
  }
}
