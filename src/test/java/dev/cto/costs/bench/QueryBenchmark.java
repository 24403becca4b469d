package dev.cto.costs.bench;

import dev.cto.costs.collect.CollectorOptions;
import dev.cto.costs.collect.UsageCollector;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.pricing.DefaultCatalog;
import dev.cto.costs.report.ReportService;
import dev.cto.costs.store.UsageFilter;
import dev.cto.costs.store.jdbc.JdbcStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Report latency on a SQLite file holding N records (loaded through the collector when the file is
 * new or smaller): PR report of random PRs and the month summary, warm, in-process. See
 * docs/benchmarks.md.
 *
 * <p>With {@code pg:DIR} instead of a file, the same on an embedded PostgreSQL whose data directory
 * is DIR (kept between runs, so the 10M records load once), and the on-disk size per record of
 * token_usage (its partitions and indexes), the dedupe keys and the rollup.
 */
public final class QueryBenchmark {

  public static void main(String[] args) throws Exception {
    long n = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    String where = args.length > 1 ? args[1] : Files.createTempDirectory("cto-bench").resolve("q.db").toString();
    if (where.startsWith("pg:")) {
      try (EmbeddedPostgres pg = PostgresBench.start(Path.of(where.substring(3)));
          JdbcStore store = JdbcStore.openPostgres(pg.getJdbcUrl("postgres", "postgres"), "postgres", null)) {
        run(n, store, "postgres=" + where.substring(3));
        PostgresBench.printSizes(pg, n);
      }
    } else {
      Path file = Path.of(where);
      try (JdbcStore store = JdbcStore.openSqlite(file)) {
        run(n, store, String.format(Locale.ROOT, "file=%s (%,d MB)", file, Files.size(file) >> 20));
      }
    }
  }

  private static void run(long n, JdbcStore store, String where) throws Exception {
    Instant end = BenchData.END;
    BenchData data = BenchData.queryBenchmark(n);
    CostSettings settings = CostSettings.of(DefaultCatalog.load());
    {
      long have = store.totals(UsageFilter.ALL).records();
      if (have < n) {
        // the months' partitions exist before their records arrive, as under a service that ran
        // through the period (PostgreSQL; on SQLite this does nothing)
        for (Instant t = data.record(0).timestamp(); t.isBefore(end); t = t.plus(java.time.Duration.ofDays(28))) {
          store.preparePartitions(t);
        }
        long started = System.nanoTime();
        try (UsageCollector collector = new UsageCollector(store, () -> settings, null, CollectorOptions.DEFAULTS)) {
          for (long from = have; from < n; from += 20_000) {
            collector.ingest(data.batch(from, 20_000));
            if (from % 1_000_000 == 0) {
              System.err.printf(Locale.ROOT, "loaded %,d%n", from);
            }
          }
        }
        System.out.printf(Locale.ROOT, "loaded %,d records in %.1f s%n", n - have, (System.nanoTime() - started) / 1e9);
      }
      ReportService reports = new ReportService(store, () -> settings);
      long prs = n / BenchData.RECORDS_PER_PR;
      SplittableRandom random = new SplittableRandom(1);
      double[] pr = new double[300];
      for (int i = 0; i < pr.length + 50; i++) {
        long p = 1 + random.nextLong(prs);
        long t = System.nanoTime();
        reports.prReport("5dlabs/repo-" + (p % 5), p, true);
        if (i >= 50) {
          pr[i - 50] = (System.nanoTime() - t) / 1e6;
        }
      }
      YearMonth month = YearMonth.from(end.atZone(ZoneOffset.UTC)).minusMonths(1);
      Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      Instant until = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      double[] sum = new double[15];
      long monthRecords = 0;
      for (int i = 0; i < sum.length + 3; i++) {
        long t = System.nanoTime();
        monthRecords = reports.summary(from, until).records();
        if (i >= 3) {
          sum[i - 3] = (System.nanoTime() - t) / 1e6;
        }
      }
      System.out.printf(Locale.ROOT, "records=%,d %s%n", n, where);
      System.out.printf(Locale.ROOT, "show --pr --detailed: p50 %.2f ms  p99 %.2f ms  max %.2f ms (%d random PRs, warm)%n",
          pct(pr, 50), pct(pr, 99), pct(pr, 100), pr.length);
      System.out.printf(Locale.ROOT, "summary --month %s (%,d records): p50 %.1f ms  max %.1f ms (%d runs, warm)%n",
          month, monthRecords, pct(sum, 50), pct(sum, 100), sum.length);
    }
  }

  private static double pct(double[] values, int p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
