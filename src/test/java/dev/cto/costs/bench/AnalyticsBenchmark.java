package dev.cto.costs.bench;

import dev.cto.costs.analytics.AnalyticsScope;
import dev.cto.costs.analytics.ForecastRequest;
import dev.cto.costs.analytics.ForecastService;
import dev.cto.costs.analytics.MonthlyBudget;
import dev.cto.costs.analytics.TrendDimension;
import dev.cto.costs.analytics.TrendPeriod;
import dev.cto.costs.analytics.TrendsService;
import dev.cto.costs.store.UsageFilter;
import dev.cto.costs.store.jdbc.JdbcStore;
import dev.cto.costs.store.jdbc.StoreLocation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code costs trends} (90 days by agent, per week) and {@code costs forecast} (a month seen from
 * its 20th) on an existing SQLite file, warm, in-process, through the services the CLI and HTTP
 * call. The file is opened as a read command opens it (never created or migrated): use the
 * database QueryBenchmark loads, e.g. {@code bench/run AnalyticsBenchmark /tmp/q10m.db}.
 */
public final class AnalyticsBenchmark {

  public static void main(String[] args) {
    Path file = Path.of(args.length > 0 ? args[0] : "/tmp/q10m.db");
    try (JdbcStore store = JdbcStore.openExisting(StoreLocation.sqlite(file))) {
      long records = store.totals(UsageFilter.ALL).records();
      LocalDate last = store.totals(UsageFilter.ALL).lastAt().atZone(ZoneOffset.UTC).toLocalDate();
      AnalyticsScope scope = new AnalyticsScope(last.minusDays(89), last, null, null);
      TrendsService trends = new TrendsService(store);
      LocalDate asOf = last.minusMonths(1).withDayOfMonth(20);
      Clock clock = Clock.fixed(Instant.parse(last + "T12:00:00Z"), ZoneOffset.UTC);
      ForecastRequest request = ForecastRequest.parse(asOf.toString().substring(0, 7), asOf.toString(), "1000", null, null, clock);
      ForecastService forecast = new ForecastService(store, MonthlyBudget.NONE);
      double[] t = time(() -> trends.trends(scope, TrendDimension.AGENT, TrendPeriod.WEEK), 15);
      double[] f = time(() -> forecast.forecast(request), 15);
      System.out.printf(Locale.ROOT, "records=%,d file=%s%n", records, file);
      System.out.printf(Locale.ROOT, "trends --by agent --since %s --until %s: p50 %.1f ms  max %.1f ms (15 runs, warm)%n",
          scope.from(), scope.to(), t[t.length / 2], t[t.length - 1]);
      System.out.printf(Locale.ROOT, "forecast --month %s --as-of %s: p50 %.1f ms  max %.1f ms (15 runs, warm)%n",
          request.month(), asOf, f[f.length / 2], f[f.length - 1]);
    }
  }

  private static double[] time(Runnable run, int n) {
    for (int i = 0; i < 3; i++) {
      run.run();
    }
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      run.run();
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    return ms;
  }
}
