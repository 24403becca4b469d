package dev.cto.costs.bench;

import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.store.jdbc.JdbcStore;
import dev.cto.costs.web.ServerOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded load generator for the collector service, loopback only. Modes:
 *
 * <pre>
 *   bench/run LoadGenerator batch   RECORDS CLIENTS BATCH sqlite|postgres   sustained ingest vs raw JDBC
 *   bench/run LoadGenerator latency RATE SECONDS CLIENTS sqlite|postgres     single-record requests, open loop
 *   bench/run LoadGenerator query   SQLITE_FILE REQUESTS                      GET /v1/prs/{n} on an existing database
 *   bench/run LoadGenerator remote  URL RATE SECONDS CLIENTS [ID_OFFSET]      single-record requests, open loop, to a
 *                                                                             service in another process (bench/serve-memory)
 * </pre>
 */
public final class LoadGenerator {

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "batch" -> batch(Long.parseLong(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4]);
      case "latency" -> latency(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4]);
      case "query" -> query(Path.of(args[1]), Integer.parseInt(args[2]));
      case "remote" -> remote(URI.create(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
          args.length > 5 ? Long.parseLong(args[5]) : 0);
      default -> throw new IllegalArgumentException("mode: batch, latency or query");
    }
    System.exit(0); // the HTTP clients' executors are not daemons
  }

  interface Body {
    void run(AppOptions app, IngestBenchmark.Opener<JdbcStore> schema, IngestBenchmark.Opener<Connection> raw) throws Exception;
  }

  private static void withStore(String backend, Body body) throws Exception {
    Path dir = Files.createTempDirectory("cto-load");
    if (backend.equals("sqlite")) {
      Path db = dir.resolve("service.db");
      Path rawDb = dir.resolve("raw.db");
      body.run(new AppOptions(db, null, null), () -> JdbcStore.openSqlite(rawDb), () -> DriverManager.getConnection("jdbc:sqlite:" + rawDb));
      return;
    }
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      for (String name : List.of("service", "raw")) {
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
          c.createStatement().execute("CREATE DATABASE " + name);
        }
      }
      String raw = pg.getJdbcUrl("postgres", "raw") + "&reWriteBatchedInserts=true";
      body.run(new AppOptions(null, pg.getJdbcUrl("postgres", "service"), null),
          () -> JdbcStore.openPostgres(raw, null, null), () -> DriverManager.getConnection(raw));
    }
  }

  static void batch(long n, int clients, int batch, String backend) throws Exception {
    BenchData data = new BenchData(n, Instant.parse("2026-11-01T00:00:00Z"), 60);
    withStore(backend, (app, schema, raw) -> {
      double rawRate = IngestBenchmark.raw(data, n, batch, schema, raw);
      // request bodies are made before the clock starts: the generator must not be what is measured
      List<byte[]> bodies = new ArrayList<>();
      for (long from = 0; from < n; from += batch) {
        StringBuilder body = new StringBuilder(batch * 400);
        for (UsageRecord r : data.batch(from, (int) Math.min(batch, n - from))) {
          body.append(ndjson(r)).append('\n');
        }
        bodies.add(body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      try (CollectorService service = CollectorService.start(app, new ServerOptions("127.0.0.1", 0, List.of(), 64L << 20, 100_000, 14))) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://127.0.0.1:" + service.port() + "/v1/usage");
        AtomicLong next = new AtomicLong();
        long cpuStarted = cpuNanos();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
          futures.add(pool.submit(() -> {
            long i;
            while ((i = next.getAndIncrement()) < bodies.size()) {
              HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-ndjson")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get((int) i))).build(), HttpResponse.BodyHandlers.ofString());
              if (response.statusCode() != 200) {
                throw new IllegalStateException(response.statusCode() + " " + response.body());
              }
            }
            return null;
          }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
        pool.shutdown();
        long wall = System.nanoTime() - started;
        double rate = n / (wall / 1e9);
        System.out.printf(Locale.ROOT, "%s batch ingest over HTTP: %,d records, %d clients x %d/request: %,.0f rec/s; raw JDBC batch %,.0f rec/s; ratio %.2f; CPU %.2f cores%n",
            backend, n, clients, batch, rate, rawRate, rate / rawRate, (cpuNanos() - cpuStarted) / (double) wall);
      }
    });
  }

  /**
   * The latency mode's open loop against a service this JVM did not start, so the service's own
   * process can be measured alone (its RSS under load). No warm-up here: the caller decides.
   */
  static void remote(URI base, int rate, int seconds, int clients, long idOffset) throws Exception {
    BenchData data = new BenchData(1_000_000, Instant.parse("2026-11-01T00:00:00Z"), 60);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(clients)).build();
    URI uri = base.resolve("/v1/usage");
    long start = System.nanoTime();
    long[] latencies = openLoop(http, uri, data, rate, seconds, clients, idOffset);
    long wall = System.nanoTime() - start;
    int total = latencies.length;
    Arrays.sort(latencies);
    System.out.printf(Locale.ROOT, "remote single-record ingest, %d clients, target %d req/s (achieved %.0f), %d requests: p50 %.2f ms  p99 %.2f ms  max %.2f ms%n",
        clients, rate, total / (wall / 1e9), total, latencies[total / 2] / 1e6, latencies[(int) (total * 0.99)] / 1e6, latencies[total - 1] / 1e6);
  }

  static void latency(int rate, int seconds, int clients, String backend) throws Exception {
    BenchData data = new BenchData(1_000_000, Instant.parse("2026-11-01T00:00:00Z"), 60);
    withStore(backend, (app, schema, raw) -> {
      try (CollectorService service = CollectorService.start(app, new ServerOptions("127.0.0.1", 0, List.of(), 1L << 20, 1000, 14))) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(clients)).build();
        URI uri = URI.create("http://127.0.0.1:" + service.port() + "/v1/usage");
        // warm-up at the measured rate, discarded: on 2 cores the JIT compiler needs one of them for
        // tens of seconds, and a service's steady state is what this measures
        openLoop(http, uri, data, rate, Integer.getInteger("warmup", 60), clients, 10_000_000L);
        long compiling = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long cpuStarted = cpuNanos();
        long start = System.nanoTime();
        long[] latencies = openLoop(http, uri, data, rate, seconds, clients, 0);
        long wall = System.nanoTime() - start;
        int total = latencies.length;
        double achieved = total / (wall / 1e9);
        System.out.printf(Locale.ROOT, "CPU %.2f cores (server and generator); JIT compiling %d ms of it%n",
            (cpuNanos() - cpuStarted) / (double) wall, ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compiling);
        Arrays.sort(latencies);
        System.out.printf(Locale.ROOT, "%s single-record ingest, %d clients, target %d req/s (achieved %.0f), %d requests: p50 %.2f ms  p99 %.2f ms  max %.2f ms%n",
            backend, clients, rate, achieved, total, latencies[total / 2] / 1e6, latencies[(int) (total * 0.99)] / 1e6, latencies[total - 1] / 1e6);
      }
    });
  }

  /** Sends {@code rate} single-record requests a second for {@code seconds}; returns each one's latency. */
  private static long[] openLoop(HttpClient http, URI uri, BenchData data, int rate, int seconds, int clients, long firstRecord)
      throws InterruptedException {
    int total = rate * seconds;
    long[] latencies = new long[total];
    Semaphore inFlight = new Semaphore(clients);
    List<CompletableFuture<?>> all = new ArrayList<>(total);
    List<String> bodies = new ArrayList<>(total); // made before the clock starts, like the batch bodies
    for (int i = 0; i < total; i++) {
      bodies.add(ndjson(data.record(firstRecord + i)));
    }
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long due = start + i * interval;
      // sleep, not spin: on 2 cores a spinning generator would steal the server's CPU
      for (long wait; (wait = due - System.nanoTime()) > 0; ) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
      inFlight.acquire();
      int k = i;
      long sent = System.nanoTime();
      all.add(send(http, uri, bodies.get(k)).whenComplete((r, e) -> {
        latencies[k] = System.nanoTime() - sent;
        inFlight.release();
        if (e != null || r.statusCode() != 200) {
          System.err.println("request " + k + " failed: " + (e != null ? e : r.statusCode()));
        }
      }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    return latencies;
  }

  static void query(Path sqlite, int requests) throws Exception {
    long records;
    try (JdbcStore store = JdbcStore.openSqlite(sqlite)) {
      records = store.totals(dev.cto.costs.store.UsageFilter.ALL).records();
    }
    try (CollectorService service = CollectorService.start(new AppOptions(sqlite, null, null),
        new ServerOptions("127.0.0.1", 0, List.of(), 1L << 20, 1000, 14))) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      long prs = records / BenchData.RECORDS_PER_PR;
      SplittableRandom random = new SplittableRandom(3);
      long[] latencies = new long[requests];
      for (int i = -200; i < requests; i++) {
        long pr = 1 + random.nextLong(prs);
        URI uri = URI.create("http://127.0.0.1:" + service.port() + "/v1/prs/" + pr + "?repo=5dlabs/repo-" + (pr % 5));
        long t = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          throw new IllegalStateException(r.statusCode() + " " + r.body());
        }
        if (i >= 0) {
          latencies[i] = System.nanoTime() - t;
        }
      }
      Arrays.sort(latencies);
      System.out.printf(Locale.ROOT, "GET /v1/prs/{n} on %,d records (SQLite), %d requests after 200 warm-up: p50 %.2f ms  p99 %.2f ms%n",
          records, requests, latencies[requests / 2] / 1e6, latencies[(int) (requests * 0.99)] / 1e6);
    }
  }

  /** CPU time of this whole process (server, generator, and for PostgreSQL not the database). */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static CompletableFuture<HttpResponse<String>> send(HttpClient http, URI uri, String body) {
    return http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static String ndjson(UsageRecord r) {
    var a = r.attribution();
    return String.format(Locale.ROOT,
        "{\"id\":\"%s\",\"repository\":\"%s\",\"pr_number\":%d,\"agent\":\"%s\",\"cli\":\"%s\",\"model\":\"%s\",\"input_tokens\":%d,"
            + "\"output_tokens\":%d,\"cache_creation_input_tokens\":%d,\"cache_read_input_tokens\":%d,\"stage\":\"%s\",\"iteration\":%d,"
            + "\"session_id\":\"%s\",\"request_id\":\"%s\",\"timestamp\":\"%s\"}",
        r.id(), a.repository(), a.prNumber(), a.agent(), r.cli(), r.model(), r.tokens().input(), r.tokens().output(),
        r.tokens().cacheCreation(), r.tokens().cacheRead(), a.stage(), a.iteration(), r.sessionId(), r.requestId(), r.timestamp());
  }
}
