package dev.cto.costs.cli;

import dev.cto.costs.analytics.AnalyticsScope;
import dev.cto.costs.analytics.TrendDimension;
import dev.cto.costs.analytics.TrendPeriod;
import dev.cto.costs.analytics.TrendsReport;
import dev.cto.costs.app.CostsApp;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "trends",
    mixinStandardHelpOptions = true,
    description = {
      "Cost, records and tokens per day, week or month, in total or by agent, model, stage or repository.",
      "Every period is there (zeros included); the table shows the change from the previous period and a sparkline."
    },
    footer = {
      "",
      "Examples:",
      "  cto-cli costs trends                                  weekly total, last 90 days",
      "  cto-cli costs trends --by agent --period day --since 2026-11-01",
      "  cto-cli costs trends --by model --period month --format csv"
    })
final class TrendsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StoreOptions store;
  @Mixin FormatOption format;
  @Mixin AnalyticsOptions analytics;

  @Option(names = "--by", paramLabel = "total|agent|model|stage|repository",
      description = "One series per agent, model, stage or repository, or one total (default).")
  String by;

  @Option(names = "--period", paramLabel = "day|week|month", description = "Days, weeks from Monday (default) or months, UTC.")
  String period;

  @Override
  public Integer call() {
    Clock clock = Clock.systemUTC();
    AnalyticsScope scope = analytics.scope(clock);
    TrendDimension dimension;
    TrendPeriod periods;
    try {
      dimension = TrendDimension.parse(by);
      periods = TrendPeriod.parse(period);
    } catch (IllegalArgumentException e) {
      throw UserInputException.usage("--" + e.getMessage());
    }
    RemoteClient remote = store.remote();
    if (remote != null) {
      String q = "?" + analytics.query(scope) + "&by=" + dimension.label() + "&period=" + periods.label();
      Output.render(spec, remote.get("/v1/analytics/trends" + q, TrendsReport.class), format.format());
      return 0;
    }
    try (CostsApp app = store.open()) {
      Output.render(spec, app.analytics().trends().trends(scope, dimension, periods), format.format());
    }
    return 0;
  }
}
