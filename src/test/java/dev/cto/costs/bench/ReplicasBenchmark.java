package dev.cto.costs.bench;

import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.store.UsageFilter;
import dev.cto.costs.store.jdbc.JdbcStore;
import dev.cto.costs.web.ServerOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingest through 1 and through 3 collector services ({@code serve}'s {@link CollectorService},
 * each with its own HTTP server, writer thread and connection pool) sharing one PostgreSQL,
 * alternating 1, 3, 1, 3 on fresh databases of one server. Clients spread NDJSON requests over
 * the replicas round-robin, loopback only, a bounded number of requests.
 *
 * <pre>
 *   bench/run ReplicasBenchmark RECORDS CLIENTS BATCH
 * </pre>
 */
public final class ReplicasBenchmark {

  public static void main(String[] args) throws Exception {
    long n = Long.parseLong(args[0]);
    int clients = Integer.parseInt(args[1]);
    int batch = Integer.parseInt(args[2]);
    // this month and the last: the records land in partitions, as they do for live traffic
    Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS);
    BenchData data = new BenchData(n, end, 30);
    List<byte[]> bodies = new ArrayList<>();
    for (long from = 0; from < n; from += batch) {
      StringBuilder body = new StringBuilder(batch * 400);
      for (UsageRecord r : data.batch(from, (int) Math.min(batch, n - from))) {
        body.append(LoadGenerator.ndjson(r)).append('\n');
      }
      bodies.add(body.toString().getBytes(StandardCharsets.UTF_8));
    }
    try (EmbeddedPostgres pg = PostgresBench.start(Files.createTempDirectory("cto-replicas").resolve("pgdata"))) {
      int round = 0;
      for (int replicas : new int[] {1, 3, 1, 3}) {
        String name = "replicas_" + (++round);
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
          c.createStatement().execute("CREATE DATABASE " + name);
        }
        String url = pg.getJdbcUrl("postgres", name);
        try (JdbcStore store = JdbcStore.openPostgres(url, null, null)) {
          store.preparePartitions(end.minus(Duration.ofDays(31)));
        }
        run(n, clients, batch, replicas, url, bodies);
      }
    }
    System.exit(0); // the HTTP client's executor threads are not daemons
  }

  private static void run(long n, int clients, int batch, int replicas, String url, List<byte[]> bodies) throws Exception {
    List<CollectorService> services = new ArrayList<>();
    try {
      for (int i = 0; i < replicas; i++) {
        services.add(CollectorService.start(new AppOptions(null, url, null),
            new ServerOptions("127.0.0.1", 0, List.of(), 64L << 20, 100_000, 14)));
      }
      List<URI> uris = services.stream().map(s -> URI.create("http://127.0.0.1:" + s.port() + "/v1/usage")).toList();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      AtomicLong next = new AtomicLong();
      double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      long started = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        futures.add(pool.submit(() -> {
          long i;
          while ((i = next.getAndIncrement()) < bodies.size()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uris.get((int) (i % uris.size())))
                .header("Content-Type", "application/x-ndjson").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get((int) i))).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
              throw new IllegalStateException(response.statusCode() + " " + response.body());
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.MINUTES);
      }
      pool.shutdown();
      double seconds = (System.nanoTime() - started) / 1e9;
      try (JdbcStore check = JdbcStore.openPostgres(url, null, null)) {
        long stored = check.totals(UsageFilter.ALL).records();
        if (stored != n) {
          throw new IllegalStateException("stored " + stored + " of " + n);
        }
      }
      System.out.printf(Locale.ROOT, "%d replica(s): %,d records, %d clients x %d/request: %,.0f rec/s (%.1f s; load average %.1f at start, %.1f at end)%n",
          replicas, n, clients, batch, n / seconds, seconds, load, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    } finally {
      for (CollectorService s : services) {
        s.close();
      }
    }
  }
}
