package dev.cto.costs.store.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The WAL's largest size under sustained ingest (N writers of 100-record batches plus a reader
 * that keeps snapshots open), with the store's shipped checkpoint setting and, side by side in the
 * same run, with passive checkpoints only (the behaviour before the bound).
 *
 * <pre>bench/run dev.cto.costs.store.jdbc.WalBoundBenchmark [seconds=20] [clients=4]</pre>
 */
public final class WalBoundBenchmark {

  private WalBoundBenchmark() {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 20;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    Path dir = Files.createTempDirectory("wal-bound");
    System.out.printf("%d writers + 1 reader for %.0f s each%n", clients, seconds);
    report("shipped (TRUNCATE past 16 MiB)", SqliteWalBoundTest.sustainedLoad(dir.resolve("bounded.db"),
        SqliteConnections.Options.WRITE.walCheckpointBytes(), clients, seconds));
    report("passive checkpoints only", SqliteWalBoundTest.sustainedLoad(dir.resolve("passive.db"),
        Long.MAX_VALUE, clients, seconds));
  }

  private static void report(String setting, long[] result) {
    System.out.printf("%-32s largest WAL %,8.1f MB   database at the end %,8.1f MB%n", setting, result[0] / 1e6,
        result[1] / 1e6);
  }
}
