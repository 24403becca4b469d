package dev.cto.costs.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Locale;

/** An embedded PostgreSQL for the benchmarks, on a data directory kept between runs. */
final class PostgresBench {

  private PostgresBench() {}

  /**
   * Starts PostgreSQL 18 (zonky's binaries) on {@code dir}, created on the first run. The settings
   * are the ones an operator would give a 10M-record store on a 24 GB machine: a 2 GB buffer
   * cache, and checkpoints spaced for bulk loads. Durability is PostgreSQL's default (fsync,
   * synchronous commit): the collector acknowledges only committed records.
   */
  static EmbeddedPostgres start(Path dir) throws Exception {
    Files.createDirectories(dir);
    return EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        .setServerConfig("shared_buffers", "2GB")
        .setServerConfig("max_wal_size", "8GB")
        .setServerConfig("checkpoint_timeout", "15min")
        .setServerConfig("max_connections", "100")
        .setServerConfig("synchronous_commit", "on") // zonky turns it off by default: not what production runs
        .setPGStartupWait(java.time.Duration.ofMinutes(5))
        .start();
  }

  /** Bytes on disk per record: token_usage (all partitions, with indexes), usage_keys, usage_daily. */
  static void printSizes(EmbeddedPostgres pg, long records) throws Exception {
    try (Connection c = pg.getPostgresDatabase().getConnection()) {
      c.createStatement().execute("VACUUM ANALYZE");
      String sql = "SELECT"
          + " (SELECT sum(pg_table_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'token_usage'::regclass),"
          + " (SELECT sum(pg_indexes_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'token_usage'::regclass),"
          + " pg_table_size('usage_keys'), pg_indexes_size('usage_keys'),"
          + " pg_table_size('usage_daily'), pg_indexes_size('usage_daily'),"
          + " (SELECT count(*) FROM usage_daily), pg_database_size(current_database())";
      try (ResultSet rs = c.createStatement().executeQuery(sql)) {
        rs.next();
        System.out.printf(Locale.ROOT, "token_usage: table %,d MB + indexes %,d MB = %.0f bytes/record%n",
            rs.getLong(1) >> 20, rs.getLong(2) >> 20, (rs.getLong(1) + rs.getLong(2)) / (double) records);
        System.out.printf(Locale.ROOT, "usage_keys: table %,d MB + indexes %,d MB = %.0f bytes/record%n",
            rs.getLong(3) >> 20, rs.getLong(4) >> 20, (rs.getLong(3) + rs.getLong(4)) / (double) records);
        System.out.printf(Locale.ROOT, "usage_daily: %,d rows, table %,d MB + indexes %,d MB%n",
            rs.getLong(7), rs.getLong(5) >> 20, rs.getLong(6) >> 20);
        System.out.printf(Locale.ROOT, "database: %,d MB = %.0f bytes/record%n",
            rs.getLong(8) >> 20, rs.getLong(8) / (double) records);
      }
    }
  }
}
