package dev.cto.costs.cli;

import dev.cto.costs.analytics.AnalyticsScope;
import dev.cto.costs.analytics.AnomalyKind;
import dev.cto.costs.analytics.AnomalyReport;
import dev.cto.costs.app.CostsApp;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "anomalies",
    mixinStandardHelpOptions = true,
    description = {
      "Spend far above the usual: an agent's cost on a PR (pr_cost), its iterations on a PR (iteration_loop),",
      "a UTC day's total (daily_spend). Flagged when the robust z-score (median/MAD) is above 3.5 and the",
      "value is at least 3x the usual; see docs/reports.md."
    },
    footer = {
      "",
      "Examples:",
      "  cto-cli costs anomalies                                  the last 90 days, every kind",
      "  cto-cli costs anomalies --kind pr_cost --agent rex --since 2026-11-01",
      "  cto-cli costs anomalies --kind daily_spend --format csv"
    })
final class AnomaliesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin FormatOption format;
  @Mixin AnalyticsOptions analytics;

  @Option(names = "--kind", paramLabel = "pr_cost|iteration_loop|daily_spend", description = "Only this kind; default: all three.")
  String kind;

  @Override
  public Integer call() {
    AnalyticsScope scope = analytics.scope(Clock.systemUTC());
    AnomalyKind only;
    try {
      only = AnomalyKind.parse(kind);
    } catch (IllegalArgumentException e) {
      throw UserInputException.usage("--" + e.getMessage());
    }
    RemoteClient remote = store.remote();
    if (remote != null) {
      String query = analytics.query(scope) + (only == null ? "" : "&kind=" + only.wireName());
      Output.render(spec, remote.get("/v1/analytics/anomalies?" + query, AnomalyReport.class), format.format());
      return 0;
    }
    try (CostsApp app = store.open()) {
      Output.render(spec, app.analytics().anomalies().anomalies(scope, only), format.format());
    }
    return 0;
  }
}
