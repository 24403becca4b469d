package dev.cto.costs.bench;

import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.pricing.DefaultCatalog;
import dev.cto.costs.report.ReportService;
import dev.cto.costs.store.Dimension;
import dev.cto.costs.store.UsageFilter;
import dev.cto.costs.store.jdbc.JdbcStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The overview's figures uncached, in-process, side by side: the fold ({@code ReportService.overview},
 * two GROUP BYs over the rollup) against the baseline it replaced, one GROUP BY per breakdown (the
 * eight queries the summary and the daily chart ran before). Wall and CPU time of the calling thread
 * (SQLite runs in it), so a loaded machine shows in the wall column only.
 *
 * <pre>
 *   bench/run OverviewBenchmark /tmp/q10m.db [rounds] [since] [until]
 * </pre>
 */
public final class OverviewBenchmark {

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args.length > 0 ? args[0] : "/tmp/q10m.db");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    Instant from = LocalDate.parse(args.length > 2 ? args[2] : "2026-10-01").atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant until = LocalDate.parse(args.length > 3 ? args[3] : "2026-10-31").plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    CostSettings settings = CostSettings.of(DefaultCatalog.load());
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    try (JdbcStore store = JdbcStore.openSqlite(file)) {
      ReportService reports = new ReportService(store, () -> settings);
      UsageFilter filter = new UsageFilter(null, null, null, from, until, null);
      Runnable fold = () -> reports.overview(from, until, null);
      Runnable perBreakdown = () -> {
        store.totals(filter);
        store.aggregate(filter, List.of(Dimension.REPOSITORY, Dimension.PR), 0);
        store.aggregate(filter, Dimension.AGENT);
        store.aggregate(filter, Dimension.MODEL, Dimension.PROVIDER);
        store.aggregate(filter, Dimension.STAGE);
        store.aggregate(filter, Dimension.DAY);
        store.aggregate(filter.withPriced(false), Dimension.MODEL);
        store.aggregate(filter, Dimension.DAY, Dimension.AGENT);
      };
      System.out.printf(Locale.ROOT, "%s, %s..%s, %,d records, %d rounds after 3 unmeasured%n", file, from, until,
          reports.summary(from, until, null).records(), rounds);
      double[][] f = new double[2][rounds];
      double[][] b = new double[2][rounds];
      for (int i = 0; i < rounds + 3; i++) {
        time(cpu, fold, f, i - 3);
        time(cpu, perBreakdown, b, i - 3);
      }
      System.out.printf(Locale.ROOT, "%-34s %10s %10s %10s%n", "case", "wall p50", "wall p95", "CPU p50");
      print("baseline: 8 GROUP BYs (before)", b);
      print("ReportService.overview (fold)", f);
    }
  }

  private static void time(ThreadMXBean cpu, Runnable work, double[][] into, int i) {
    long c = cpu.getCurrentThreadCpuTime();
    long t = System.nanoTime();
    work.run();
    if (i >= 0) {
      into[0][i] = (System.nanoTime() - t) / 1e6;
      into[1][i] = (cpu.getCurrentThreadCpuTime() - c) / 1e6;
    }
  }

  private static void print(String name, double[][] ms) {
    double[] wall = ms[0].clone();
    double[] cpu = ms[1].clone();
    Arrays.sort(wall);
    Arrays.sort(cpu);
    int n = wall.length;
    System.out.printf(Locale.ROOT, "%-34s %8.1f ms %8.1f ms %8.1f ms%n", name, wall[(n - 1) / 2], wall[(int) Math.ceil(n * 0.95) - 1],
        cpu[(n - 1) / 2]);
  }
}
