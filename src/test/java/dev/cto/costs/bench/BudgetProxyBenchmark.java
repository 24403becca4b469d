package dev.cto.costs.bench;

import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.budget.Admission;
import dev.cto.costs.budget.Budget;
import dev.cto.costs.budget.BudgetBook;
import dev.cto.costs.budget.BudgetEnforcer;
import dev.cto.costs.budget.BudgetPeriod;
import dev.cto.costs.budget.BudgetScope;
import dev.cto.costs.budget.BudgetSubject;
import dev.cto.costs.budget.CallShape;
import dev.cto.costs.budget.EnforcementOptions;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.jdbc.JdbcStore;
import dev.cto.costs.web.ServerOptions;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What budget enforcement costs the proxy, and whether it holds under load, in one run:
 *
 * <pre>
 *   bench/run BudgetProxyBenchmark RATE SECONDS     e.g. 300 20
 * </pre>
 *
 * <ol>
 *   <li>Added latency: the same calls directly to a loopback upstream, through a service without
 *       budgets, through one with three budgets in scope of every call (two enforced), and through
 *       a second service without budgets, in alternating rounds; "budget adds" is on minus off,
 *       and off-again minus off shows how far two identical services differ on this machine.
 *   <li>The decision alone, in process over SQLite: {@code admit} timed from 32 threads, with the
 *       leases (the default) and with every call asking the store (chunks off), for contrast.
 *   <li>Overshoot: 32 and 128 closed-loop clients race one $3 budget through the proxy until
 *       refused; the upstream bills each call 10 input and max_tokens output tokens.
 * </ol>
 */
public final class BudgetProxyBenchmark {

  /** A realistic call: ~1 KB of prompt, max_tokens 1024, billed 100 input and 180 output tokens. */
  static final String REQUEST = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,\"messages\":[{\"role\":\"user\","
      + "\"content\":\"" + "lorem ipsum ".repeat(80) + "\"}]}";
  static final String ANSWER = "{\"id\":\"msg_%d\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"" + "lorem ipsum ".repeat(60) + "\"}],\"stop_reason\":\"end_turn\","
      + "\"usage\":{\"input_tokens\":100,\"output_tokens\":180}}";
  static final String RACE_REQUEST = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":256}";

  public static void main(String[] args) throws Exception {
    int rate = Integer.parseInt(args[0]);
    int seconds = Integer.parseInt(args[1]);
    AtomicLong ids = new AtomicLong();
    Map<String, AtomicLong> raceCalls = new java.util.concurrent.ConcurrentHashMap<>();
    Javalin upstream = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      c.jetty.host = "127.0.0.1";
      c.jetty.port = 0;
      c.routes.post("/v1/messages", ctx -> {
        ctx.bodyAsBytes();
        ctx.contentType("application/json").result(String.format(ANSWER, ids.incrementAndGet()));
      });
      c.routes.post("/v1/race/{agent}", ctx -> {
        ctx.bodyAsBytes();
        raceCalls.computeIfAbsent(ctx.pathParam("agent"), k -> new AtomicLong()).incrementAndGet();
        ctx.contentType("application/json").result("{\"id\":\"msg_r" + ids.incrementAndGet() + "\",\"type\":\"message\","
            + "\"model\":\"claude-sonnet-4-5\",\"content\":[],\"usage\":{\"input_tokens\":10,\"output_tokens\":256}}");
      });
    }).start();
    Path dir = Files.createTempDirectory("cto-budget-bench");
    String proxy = "\"proxy\":{\"upstreams\":{\"anthropic\":\"http://127.0.0.1:" + upstream.port() + "\"}}";
    Path off = Files.writeString(dir.resolve("off.json"), "{" + proxy + "}");
    Path on = Files.writeString(dir.resolve("on.json"), "{" + proxy + ", \"budgets\": ["
        + "{\"name\":\"pr-cap\",\"scope\":{\"pr\":\"*\"},\"period\":\"pr\",\"limit_usd\":1000000,\"enforce\":true},"
        + "{\"name\":\"daily\",\"scope\":{},\"period\":\"day\",\"limit_usd\":1000000,\"enforce\":true},"
        + "{\"name\":\"sonnet-monthly\",\"scope\":{\"model\":\"claude-sonnet-*\"},\"period\":\"month\",\"limit_usd\":1000000},"
        + "{\"name\":\"race32\",\"scope\":{\"agent\":\"race32\"},\"period\":\"day\",\"limit_usd\":3,\"enforce\":true},"
        + "{\"name\":\"race128\",\"scope\":{\"agent\":\"race128\"},\"period\":\"day\",\"limit_usd\":3,\"enforce\":true}]}");
    ServerOptions server = new ServerOptions("127.0.0.1", 0, List.of(), 1 << 20, 1000, 14);
    try (CollectorService without = CollectorService.start(new AppOptions(dir.resolve("off.db"), null, off), server);
        CollectorService withoutToo = CollectorService.start(new AppOptions(dir.resolve("off2.db"), null, off), server);
        CollectorService with = CollectorService.start(new AppOptions(dir.resolve("on.db"), null, on), server)) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(16)).build();
      String path = "/proxy/anthropic/@pr=1,agent=bench,stage=code/v1/messages";
      URI direct = URI.create("http://127.0.0.1:" + upstream.port() + "/v1/messages");
      URI proxiedOff = URI.create("http://127.0.0.1:" + without.port() + path);
      URI proxiedOn = URI.create("http://127.0.0.1:" + with.port() + path);
      // a second service without budgets: how far two identical services differ here (the noise)
      URI proxiedOffToo = URI.create("http://127.0.0.1:" + withoutToo.port() + path);
      System.out.println("warming up (" + seconds * 2 + " s each way)...");
      for (URI uri : List.of(direct, proxiedOff, proxiedOn, proxiedOffToo)) {
        ProxyBenchmark.openLoop(http, uri, rate, seconds * 2, 32, REQUEST);
      }
      for (int inFlight : new int[] {1, 32, 128}) {
        int r = inFlight == 1 ? Math.min(rate, 200) : rate;
        // in alternating rounds, so a noisy moment on this shared machine falls on all three alike
        List<long[]> d = new ArrayList<>();
        List<long[]> p = new ArrayList<>();
        List<long[]> b = new ArrayList<>();
        List<long[]> a = new ArrayList<>();
        int rounds = Math.max(1, seconds / 2);
        long waitsBefore = with.budgetEnforcer().waitedForStore();
        for (int round = 0; round < rounds; round++) {
          int s = Math.max(1, seconds / rounds);
          d.add(ProxyBenchmark.openLoop(http, direct, r, s, inFlight, REQUEST));
          p.add(ProxyBenchmark.openLoop(http, proxiedOff, r, s, inFlight, REQUEST));
          b.add(ProxyBenchmark.openLoop(http, proxiedOn, r, s, inFlight, REQUEST));
          a.add(ProxyBenchmark.openLoop(http, proxiedOffToo, r, s, inFlight, REQUEST));
        }
        print(inFlight, r, merged(d), merged(p), merged(b), merged(a));
        System.out.printf(Locale.ROOT, "    calls that waited for the store with budgets on: %d of %d%n",
            with.budgetEnforcer().waitedForStore() - waitsBefore, merged(b).length);
      }
      decisionAlone(dir, EnforcementOptions.DEFAULTS, "leases (default)");
      decisionAlone(dir, EnforcementOptions.DEFAULTS.withoutChunks(), "every call asks the store");
      for (int clients : new int[] {32, 128}) {
        overshoot(http, with.port(), "race" + clients, clients, raceCalls);
      }
    } finally {
      upstream.stop();
    }
    System.exit(0);
  }

  static long[] merged(List<long[]> parts) {
    long[] all = parts.stream().flatMapToLong(Arrays::stream).toArray();
    Arrays.sort(all);
    return all;
  }

  static void print(int inFlight, int rate, long[] d, long[] p, long[] b, long[] a) {
    System.out.printf(Locale.ROOT, "%3d in flight, %d req/s, %d calls each: direct p50 %.3f p99 %.3f | budgets off p50 %.3f"
            + " p99 %.3f | budgets on p50 %.3f p99 %.3f | off again p50 %.3f p99 %.3f ms | budget adds p50 %.3f p99 %.3f ms"
            + " | off-vs-off (noise) p50 %.3f p99 %.3f ms%n",
        inFlight, rate, b.length, ms(d, 0.5), ms(d, 0.99), ms(p, 0.5), ms(p, 0.99), ms(b, 0.5), ms(b, 0.99),
        ms(a, 0.5), ms(a, 0.99), ms(b, 0.5) - ms(p, 0.5), ms(b, 0.99) - ms(p, 0.99), ms(a, 0.5) - ms(p, 0.5),
        ms(a, 0.99) - ms(p, 0.99));
  }

  static double ms(long[] sorted, double q) {
    return ProxyBenchmark.ms(sorted, q);
  }

  /** {@code admit} timed alone from 32 threads over SQLite, each call settled and its record "stored" 5 ms later. */
  static void decisionAlone(Path dir, EnforcementOptions options, String label) throws Exception {
    Path db = dir.resolve("decision-" + System.nanoTime() + ".db");
    Budget daily = new Budget("daily", BudgetScope.EVERYTHING, BudgetPeriod.DAY, Usd.of("1000000"), List.of(), true);
    Budget perPr = new Budget("pr-cap", new BudgetScope(true, null, null, null, null), BudgetPeriod.PR, Usd.of("1000000"),
        List.of(), true);
    BudgetBook book = new BudgetBook(Map.of(), List.of(daily, perPr), true, false);
    ScheduledExecutorService stored = Executors.newScheduledThreadPool(2);
    try (JdbcStore store = JdbcStore.openSqlite(db);
        BudgetEnforcer enforcer = new BudgetEnforcer(store, () -> book, () -> dev.cto.costs.domain.CostSettings.of(dev.cto.costs.pricing.DefaultCatalog.load()), Clock.systemUTC(),
            options)) {
      int threads = 32;
      int perThread = 600;
      long[] nanos = new long[threads * perThread];
      AtomicLong refused = new AtomicLong();
      CallShape call = new CallShape("claude-sonnet-4-5", 1024L, REQUEST.length());
      List<Thread> all = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * perThread;
        long pr = t % 4 + 1;
        Thread th = new Thread(() -> {
          for (int i = 0; i < perThread; i++) {
            long start = System.nanoTime();
            Admission a = enforcer.admit(new BudgetSubject("5dlabs/cto", pr, "bench", null), call);
            nanos[base + i] = System.nanoTime() - start;
            if (!(a instanceof Admission.Admitted)) {
              refused.incrementAndGet(); // counted: the limit is far, so every one is a false refusal
              continue;
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            ((Admission.Admitted) a).ticket().settle("claude-sonnet-4-5", TokenCounts.of(100, 180), done);
            stored.schedule(() -> done.complete(null), 5, TimeUnit.MILLISECONDS);
          }
        });
        th.start();
        all.add(th);
      }
      for (Thread th : all) {
        th.join();
      }
      Arrays.sort(nanos);
      System.out.printf(Locale.ROOT, "decision alone, %s, 32 threads x %d calls: p50 %.4f p99 %.4f p99.9 %.4f max %.3f ms,"
              + " %d refused%n", label, perThread, ms(nanos, 0.5), ms(nanos, 0.99), ms(nanos, 0.999),
          nanos[nanos.length - 1] / 1e6, refused.get());
    } finally {
      stored.shutdownNow();
    }
  }

  /** Closed-loop clients call until each is refused once; the upstream's count of calls is what was billed. */
  static void overshoot(HttpClient http, int port, String agent, int clients, Map<String, AtomicLong> billedCalls)
      throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + port + "/proxy/anthropic/@agent=" + agent + "/v1/race/" + agent);
    List<Thread> threads = new ArrayList<>();
    AtomicLong refused = new AtomicLong();
    for (int c = 0; c < clients; c++) {
      Thread t = new Thread(() -> {
        try {
          for (int i = 0; i < 10_000; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("x-api-key", "sk-bench")
                .POST(HttpRequest.BodyPublishers.ofString(RACE_REQUEST)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 429) {
              refused.incrementAndGet();
              return;
            }
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    long calls = billedCalls.getOrDefault(agent, new AtomicLong()).get();
    Usd perCall = Usd.of("0.00387"); // 10 input tokens at $3/M + 256 output tokens at $15/M (claude-sonnet-4-5)
    Usd billed = Usd.ofNanos(perCall.nanos() * calls);
    System.out.printf(Locale.ROOT, "overshoot, %d clients, $3 limit: %d calls billed ($%s; the limit allows %d), %d refused,"
            + " overshoot $%s%n", clients, calls, billed.toPlainString(), Usd.of("3").nanos() / perCall.nanos(), refused.get(),
        billed.minus(Usd.of("3")).isNegative() ? "0" : billed.minus(Usd.of("3")).toPlainString());
  }
}
