package dev.cto.costs.bench;

import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.client.BudgetGate;
import dev.cto.costs.client.CallEstimate;
import dev.cto.costs.client.CallUsage;
import dev.cto.costs.client.CostInterceptor;
import dev.cto.costs.client.ExecutionContext;
import dev.cto.costs.web.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the Java client's budget check adds to a model call: {@code intercept} (no budget) against
 * {@code interceptWithinBudget} (reserve, call, settle over HTTP to a real {@code serve} on SQLite,
 * one enforced $1M budget in scope), in alternating rounds, around a model call that does nothing,
 * so the difference is the check alone.
 *
 * <pre>
 *   bench/run ClientBudgetBenchmark [calls per round] [rounds] [threads]     e.g. 200 10 8
 * </pre>
 */
public final class ClientBudgetBenchmark {

  private ClientBudgetBenchmark() {}

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    Path dir = Files.createTempDirectory("client-budget-bench");
    Path config = Files.writeString(dir.resolve("cost-config.json"), """
        {"budgets": [{"name": "rex-daily", "scope": {"agent": "rex"}, "period": "day", "limit_usd": 1000000, "enforce": true}]}
        """);
    try (CollectorService service = CollectorService.start(new AppOptions(dir.resolve("costs.db"), null, config),
        new ServerOptions("127.0.0.1", 0, List.of(), ServerOptions.DEFAULT_MAX_BODY, ServerOptions.DEFAULT_MAX_RECORDS, 14))) {
      ExecutionContext rex = ExecutionContext.builder().repository("5dlabs/cto").prNumber(42).agent("rex").stage("code").build();
      CostInterceptor off = new CostInterceptor(record -> { }, rex);
      CostInterceptor on = off.withBudgets(BudgetGate.forCollector("http://127.0.0.1:" + service.port(), null));
      CallEstimate estimate = CallEstimate.of("claude-sonnet-4-5", 2_000, 1_024);
      for (int t : new int[] {1, threads}) {
        run(off, on, estimate, calls, 3, t); // warm-up
        long[][] seen = run(off, on, estimate, calls, rounds, t);
        System.out.printf("%d thread(s), %d calls each way: without budget p50 %.3f p99 %.3f ms | within budget p50 %.3f"
            + " p99 %.3f ms | added p50 %.3f p99 %.3f ms%n", t, seen[0].length, ms(seen[0], 50), ms(seen[0], 99),
            ms(seen[1], 50), ms(seen[1], 99), ms(seen[1], 50) - ms(seen[0], 50), ms(seen[1], 99) - ms(seen[0], 99));
      }
    }
  }

  /** {off latencies, on latencies} in nanoseconds, sorted; the rounds alternate off and on. */
  private static long[][] run(CostInterceptor off, CostInterceptor on, CallEstimate estimate, int calls, int rounds,
      int threads) throws Exception {
    List<Long> offTimes = new ArrayList<>();
    List<Long> onTimes = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int r = 0; r < rounds; r++) {
        for (boolean budget : new boolean[] {false, true}) {
          List<Future<long[]>> parts = new ArrayList<>();
          for (int t = 0; t < threads; t++) {
            parts.add(pool.submit(() -> {
              long[] times = new long[calls / threads];
              for (int i = 0; i < times.length; i++) {
                long start = System.nanoTime();
                if (budget) {
                  on.interceptWithinBudget(estimate, () -> "ok", x -> CallUsage.of(1_000, 200));
                } else {
                  off.intercept(estimate.model(), () -> "ok", x -> CallUsage.of(1_000, 200));
                }
                times[i] = System.nanoTime() - start;
              }
              return times;
            }));
          }
          for (Future<long[]> p : parts) {
            for (long n : p.get()) {
              (budget ? onTimes : offTimes).add(n);
            }
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return new long[][] {sorted(offTimes), sorted(onTimes)};
  }

  private static long[] sorted(List<Long> times) {
    long[] a = times.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(a);
    return a;
  }

  /** Nearest rank. */
  private static double ms(long[] sorted, int percentile) {
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }
}
