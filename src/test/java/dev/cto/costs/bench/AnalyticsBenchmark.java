package dev.cto.costs.bench;

import dev.cto.costs.analytics.AnalyticsScope;
import dev.cto.costs.analytics.AnomalyService;
import dev.cto.costs.analytics.EfficiencyService;
import dev.cto.costs.analytics.ForecastRequest;
import dev.cto.costs.analytics.ForecastService;
import dev.cto.costs.analytics.ModelSwap;
import dev.cto.costs.analytics.MonthlyBudget;
import dev.cto.costs.analytics.TrendDimension;
import dev.cto.costs.analytics.TrendPeriod;
import dev.cto.costs.analytics.TrendsService;
import dev.cto.costs.analytics.WhatIfRequest;
import dev.cto.costs.analytics.WhatIfService;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.PrOutcome;
import dev.cto.costs.pricing.DefaultCatalog;
import dev.cto.costs.report.ReportService;
import dev.cto.costs.store.Dimension;
import dev.cto.costs.store.UsageFilter;
import dev.cto.costs.store.jdbc.JdbcStore;
import dev.cto.costs.web.ServerOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * Latency of the analytics reports on a SQLite file built by {@link QueryBenchmark} (10M records:
 * {@code bench/run QueryBenchmark 10000000 /tmp/q10m.db}), warm, in-process through the services
 * the CLI calls and over HTTP on 127.0.0.1 through the real {@code serve}:
 *
 * <pre>
 *   bench/run AnalyticsBenchmark /tmp/q10m.db [rounds]
 * </pre>
 *
 * Two baselines run in the same rounds over the same 90 days: the floor, one {@code SELECT
 * SUM(cost_nanos)} over the daily rollup, and the existing {@code summary} report; and the floors of
 * efficiency and anomalies, the aggregations each runs, timed alone. Every round calls
 * every case once, in turn, so a noisy neighbour slows all of them alike; the first rounds are
 * warm-up. Next to each in-process case's wall time stands the calling thread's CPU time (SQLite
 * runs in that thread): on a shared machine it shows the work itself, apart from waiting for a core.
 * See docs/benchmarks.md.
 */
public final class AnalyticsBenchmark {

  private static final int WARM_UP_ROUNDS = 5;

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: bench/run AnalyticsBenchmark <sqlite-file> [rounds]");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    if (!Files.isRegularFile(file)) {
      System.err.println(file + " does not exist: build it first with bench/run QueryBenchmark 10000000 " + file);
      System.exit(2);
    }
    // the last 90 days of the generated data
    LocalDate lastDay = BenchData.END.atZone(java.time.ZoneOffset.UTC).toLocalDate().minusDays(1);
    AnalyticsScope scope = new AnalyticsScope(lastDay.minusDays(AnalyticsScope.DEFAULT_DAYS - 1L), lastDay, null, null);
    CostSettings settings = CostSettings.of(DefaultCatalog.load());

    long opening = System.nanoTime();
    try (JdbcStore store = JdbcStore.openSqlite(file);
        Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      // opening runs pending migrations (a backfill, say) once: reported apart, never timed below
      System.out.printf(Locale.ROOT, "opened %s (%,d MB) in %.1f s (pending migrations included)%n",
          file, Files.size(file) >> 20, (System.nanoTime() - opening) / 1e9);
      long records = store.totals(UsageFilter.ALL).records();
      addOutcomes(store, BenchData.queryBenchmark(records));
      long inScope = store.totals(scope.filter()).records();
      System.out.printf(Locale.ROOT, "records=%,d; scope %s..%s holds %,d records, %,d rollup rows%n",
          records, scope.from(), scope.to(), inScope, rollupRows(raw, scope));

      ReportService reports = new ReportService(store, () -> settings);
      List<Case> cases = new ArrayList<>();
      cases.add(new Case("baseline: SELECT SUM(cost_nanos) FROM usage_daily, 90 days", 0,
          () -> rawSum(raw, scope)));
      cases.add(new Case("baseline: summary report, 90 days", 0,
          () -> reports.summary(scope.start(), scope.end())));
      TrendsService trends = new TrendsService(store);
      cases.add(new Case("trends --by agent --period day, 90 days", 500,
          () -> trends.trends(scope, TrendDimension.AGENT, TrendPeriod.DAY)));
      // the floors of the next two: the aggregations they run, alone (what is left is Java)
      cases.add(new Case("floor: efficiency's GROUP BY (PR, repository, agent, model, provider, priced), 90 days", 0,
          () -> store.aggregateUnordered(scope.filter(), List.of(Dimension.PR, Dimension.REPOSITORY, Dimension.AGENT,
              Dimension.MODEL, Dimension.PROVIDER, Dimension.PRICED))));
      UsageFilter anomalyWindow = UsageFilter.period(scope.start().minus(Duration.ofDays(30)), scope.end());
      cases.add(new Case("floor: anomalies' per (PR, agent) sums from idx_daily_pr_work, 120 days", 0,
          () -> store.prAgentWork(anomalyWindow)));
      cases.add(new Case("  the same through the rollup's rows: aggregate(REPOSITORY, PR, AGENT)", 0,
          () -> store.aggregate(anomalyWindow, Dimension.REPOSITORY, Dimension.PR, Dimension.AGENT)));
      EfficiencyService efficiency = new EfficiencyService(store, store);
      cases.add(new Case("efficiency, 90 days", 500, () -> efficiency.efficiency(scope)));
      AnomalyService anomalies = new AnomalyService(store);
      cases.add(new Case("anomalies, 90 days", 500, () -> anomalies.anomalies(scope, null)));
      ForecastService forecast = new ForecastService(store, MonthlyBudget.NONE);
      ForecastRequest october = new ForecastRequest(YearMonth.of(2026, 10), LocalDate.of(2026, 10, 20),
          new BigDecimal("60000"), null, null);
      cases.add(new Case("forecast --month 2026-10 --as-of 2026-10-20 --budget 60000", 100,
          () -> forecast.forecast(october)));
      WhatIfService whatIf = new WhatIfService(store, () -> settings);
      long prs = BenchData.queryBenchmark(records).prCount();
      SplittableRandom random = new SplittableRandom(1);
      cases.add(new Case("whatif --pr N (random PR) --model claude-opus-4-5=claude-sonnet-4-5", 50, () -> {
        long pr = 1 + random.nextLong(prs);
        return whatIf.whatIf(new WhatIfRequest(pr, null, BenchData.repositoryOf(pr), null,
            List.of(new ModelSwap("claude-opus-4-5", "claude-sonnet-4-5"))));
      }));

      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      try (CollectorService service = CollectorService.start(new AppOptions(file, null, null),
          new ServerOptions("127.0.0.1", 0, List.of(), 1 << 20, 1000, 14))) {
        String base = "http://127.0.0.1:" + service.port();
        String days = "since=" + scope.from() + "&until=" + scope.to();
        addHttp(cases, http, "HTTP baseline: GET /v1/summary, 90 days", 0,
            base + "/v1/summary?since=" + scope.from() + "&until=" + scope.to().plusDays(1));
        addHttp(cases, http, "HTTP trends --by agent --period day, 90 days", 500,
            base + "/v1/analytics/trends?by=agent&period=day&" + days);
        addHttp(cases, http, "HTTP forecast --month 2026-10 --as-of 2026-10-20", 100,
            base + "/v1/analytics/forecast?month=2026-10&as-of=2026-10-20&budget=60000");
        addHttp(cases, http, "HTTP efficiency, 90 days", 500, base + "/v1/analytics/efficiency?" + days);
        addHttp(cases, http, "HTTP anomalies, 90 days", 500, base + "/v1/analytics/anomalies?" + days);
        addHttp(cases, http, "HTTP whatif --pr 19000", 50, base + "/v1/analytics/whatif?pr=19000&repo="
            + BenchData.repositoryOf(19_000) + "&model=claude-opus-4-5%3Dclaude-sonnet-4-5");
        run(cases, rounds);
      }
    }
  }

  /**
   * Efficiency joins what became of each PR: the generated PRs get their outcomes once (a store
   * built by QueryBenchmark has none), outside the timed part.
   */
  private static void addOutcomes(JdbcStore store, BenchData data) {
    long prs = data.prCount();
    if (store.outcome(BenchData.repositoryOf(prs), prs).isPresent()) {
      return;
    }
    long t = System.nanoTime();
    for (long from = 1; from <= prs; from += 5_000) {
      List<PrOutcome> batch = new ArrayList<>();
      for (long pr = from; pr < from + 5_000 && pr <= prs; pr++) {
        batch.add(data.outcome(pr));
      }
      store.saveOutcomes(batch);
    }
    System.out.printf(Locale.ROOT, "stored the outcomes of %,d PRs in %.1f s%n", prs, (System.nanoTime() - t) / 1e9);
  }

  /** Adds an HTTP case, or says why it is left out (a report not on this branch yet answers 404). */
  private static void addHttp(List<Case> cases, HttpClient http, String name, double targetMs, String url)
      throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build();
    HttpResponse<String> first = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (first.statusCode() != 200) {
      System.out.printf(Locale.ROOT, "skipped %s: %s answered %d %s%n", name, url, first.statusCode(), first.body());
      return;
    }
    cases.add(new Case(name, targetMs, () -> {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(url + " answered " + response.statusCode());
      }
      return response.body().length;
    }));
  }

  private static void run(List<Case> cases, int rounds) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[][] wall = new double[cases.size()][rounds];
    double[][] cpu = new double[cases.size()][rounds];
    String loadBefore = loadAverage();
    for (int round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
      for (int c = 0; c < cases.size(); c++) {
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t = System.nanoTime();
        cases.get(c).call().call();
        if (round >= WARM_UP_ROUNDS) {
          wall[c][round - WARM_UP_ROUNDS] = (System.nanoTime() - t) / 1e6;
          cpu[c][round - WARM_UP_ROUNDS] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6;
        }
      }
    }
    System.out.printf(Locale.ROOT, "%n%d warm-up rounds, then %d timed rounds (each round calls every case once);"
        + " load average before %s, after %s%n%n", WARM_UP_ROUNDS, rounds, loadBefore, loadAverage());
    System.out.println("| case | target | p50 | p95 | max | met (p95) | CPU p50 |");
    System.out.println("|---|---:|---:|---:|---:|---|---:|");
    for (int c = 0; c < cases.size(); c++) {
      Case k = cases.get(c);
      double p95 = pct(wall[c], 95);
      System.out.printf(Locale.ROOT, "| %s | %s | %.1f ms | %.1f ms | %.1f ms | %s | %s |%n", k.name(),
          k.targetMs() > 0 ? String.format(Locale.ROOT, "≤ %.0f ms", k.targetMs()) : "—",
          pct(wall[c], 50), p95, pct(wall[c], 100),
          k.targetMs() > 0 ? (p95 <= k.targetMs() ? "yes" : "NO") : "",
          // over HTTP the work runs on a server thread: the client's CPU time says nothing
          k.name().startsWith("HTTP") ? "—" : String.format(Locale.ROOT, "%.1f ms", pct(cpu[c], 50)));
    }
  }

  /** The machine is shared: the load while measuring is part of the result. */
  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static long rawSum(Connection c, AnalyticsScope scope) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT SUM(cost_nanos) FROM usage_daily WHERE usage_day >= ? AND usage_day <= ?")) {
      ps.setLong(1, scope.from().toEpochDay());
      ps.setLong(2, scope.to().toEpochDay());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long rollupRows(Connection c, AnalyticsScope scope) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT COUNT(*) FROM usage_daily WHERE usage_day >= ? AND usage_day <= ?")) {
      ps.setLong(1, scope.from().toEpochDay());
      ps.setLong(2, scope.to().toEpochDay());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  static double pct(double[] values, int p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  /** One timed call; {@code targetMs} 0 for a baseline. */
  private record Case(String name, double targetMs, Callable<?> call) {}
}
