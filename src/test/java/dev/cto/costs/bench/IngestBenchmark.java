package dev.cto.costs.bench;

import dev.cto.costs.collect.CollectorOptions;
import dev.cto.costs.collect.UsageCollector;
import dev.cto.costs.domain.CostCalculator;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.ModelPrice;
import dev.cto.costs.domain.PricingCatalog;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.pricing.DefaultCatalog;
import dev.cto.costs.store.UsageFilter;
import dev.cto.costs.store.jdbc.JdbcStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingest throughput: N records through the collector (C concurrent clients, B records per request)
 * versus a raw JDBC batch insert of the same rows into the same schema, on SQLite and PostgreSQL,
 * side by side in one run. See docs/benchmarks.md for the command and figures.
 */
public final class IngestBenchmark {

  public static void main(String[] args) throws Exception {
    long n = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
    String backends = args.length > 3 ? args[3] : "sqlite,postgres";
    BenchData data = new BenchData(n, Instant.parse("2026-11-01T00:00:00Z"), 60);
    Path dir = Files.createTempDirectory("cto-bench");
    System.out.printf(Locale.ROOT, "records=%d clients=%d batch=%d%n", n, clients, batch);
    for (String backend : backends.split(",")) {
      for (int round = 1; round <= 2; round++) {
        if (backend.equals("sqlite")) {
          Path raw = dir.resolve("raw-" + round + ".db");
          Path ours = dir.resolve("collector-" + round + ".db");
          double rawRate = raw(data, n, batch, () -> JdbcStore.openSqlite(raw), () -> DriverManager.getConnection("jdbc:sqlite:" + raw));
          double ourRate = collector(data, n, clients, batch, JdbcStore.openSqlite(ours));
          print("sqlite", round, rawRate, ourRate);
        } else {
          try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            String rawUrl = database(pg, "raw") + "&reWriteBatchedInserts=true";
            String oursUrl = database(pg, "ours");
            double rawRate = raw(data, n, batch, () -> JdbcStore.openPostgres(rawUrl, null, null), () -> DriverManager.getConnection(rawUrl));
            double ourRate = collector(data, n, clients, batch, JdbcStore.openPostgres(oursUrl, null, null));
            print("postgres", round, rawRate, ourRate);
          }
        }
      }
    }
  }

  private static void print(String backend, int round, double raw, double ours) {
    System.out.printf(Locale.ROOT, "%-8s round %d  raw JDBC batch: %,10.0f rec/s   collector: %,10.0f rec/s   ratio %.2f%n",
        backend, round, raw, ours, ours / raw);
  }

  private static String database(EmbeddedPostgres pg, String name) throws Exception {
    try (Connection c = pg.getPostgresDatabase().getConnection()) {
      c.createStatement().execute("CREATE DATABASE " + name);
    }
    return pg.getJdbcUrl("postgres", name);
  }

  public interface Opener<T> {
    T open() throws Exception;
  }

  /** The baseline: prepared single-row INSERT, addBatch, one commit per batch, one thread. */
  public static double raw(BenchData data, long n, int batch, Opener<JdbcStore> schema, Opener<Connection> connect) throws Exception {
    schema.open().close(); // creates the same schema (tables, indexes) the collector writes to
    PricingCatalog catalog = DefaultCatalog.load();
    String sql = "INSERT INTO token_usage (id, repository, pr_number, agent, stage, iteration, task_id, cli, model, provider,"
        + " input_tokens, output_tokens, cache_write_5m_tokens, cache_write_1h_tokens, cache_read_tokens, cost_nanos, priced,"
        + " session_id, request_id, source, occurred_at, usage_day, recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    long started = System.nanoTime();
    try (Connection c = connect.open(); PreparedStatement ps = c.prepareStatement(sql)) {
      c.setAutoCommit(false);
      for (long i = 0; i < n; i++) {
        UsageRecord r = data.record(i);
        ModelPrice price = catalog.priceFor(r.model(), r.timestamp()).orElseThrow();
        long micros = r.timestamp().getEpochSecond() * 1_000_000 + r.timestamp().getNano() / 1000;
        int k = 1;
        ps.setString(k++, r.id());
        ps.setString(k++, r.attribution().repository());
        ps.setLong(k++, r.attribution().prNumber());
        ps.setString(k++, r.attribution().agent());
        ps.setString(k++, r.attribution().stage());
        ps.setInt(k++, r.attribution().iteration());
        ps.setString(k++, null);
        ps.setString(k++, r.cli());
        ps.setString(k++, r.model());
        ps.setString(k++, price.provider());
        ps.setLong(k++, r.tokens().input());
        ps.setLong(k++, r.tokens().output());
        ps.setLong(k++, r.tokens().cacheWrite5m());
        ps.setLong(k++, r.tokens().cacheWrite1h());
        ps.setLong(k++, r.tokens().cacheRead());
        ps.setLong(k++, CostCalculator.cost(price, r.tokens()).nanos());
        ps.setInt(k++, 1);
        ps.setString(k++, r.sessionId());
        ps.setString(k++, r.requestId());
        ps.setString(k++, r.source());
        ps.setLong(k++, micros);
        ps.setInt(k++, (int) (r.timestamp().getEpochSecond() / 86_400));
        ps.setLong(k, micros);
        ps.addBatch();
        if ((i + 1) % batch == 0 || i == n - 1) {
          ps.executeBatch();
          c.commit();
        }
      }
    }
    return n / ((System.nanoTime() - started) / 1e9);
  }

  /** C clients, each sending requests of B records through the collector until N are stored. */
  static double collector(BenchData data, long n, int clients, int batch, JdbcStore store) throws Exception {
    CostSettings settings = CostSettings.of(DefaultCatalog.load());
    AtomicLong next = new AtomicLong();
    long started = System.nanoTime();
    try (store; UsageCollector collector = new UsageCollector(store, () -> settings, null, CollectorOptions.DEFAULTS)) {
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        futures.add(pool.submit(() -> {
          long from;
          while ((from = next.getAndAdd(batch)) < n) {
            collector.ingest(data.batch(from, (int) Math.min(batch, n - from)));
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      double rate = n / ((System.nanoTime() - started) / 1e9);
      long stored = store.totals(UsageFilter.ALL).records();
      if (stored != n) {
        throw new IllegalStateException("stored " + stored + " of " + n);
      }
      return rate;
    }
  }
}
