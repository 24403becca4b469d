package dev.cto.costs.capture.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.collect.CollectorOptions;
import dev.cto.costs.collect.UsageCollector;
import dev.cto.costs.client.UsageJson;
import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.pricing.DefaultCatalog;
import dev.cto.costs.store.UsageFilter;
import dev.cto.costs.store.jdbc.JdbcStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines that can never be stored leave the spool for {@code .bad}, every one of them, in bounded space. */
class UsageSpoolTest {

  @TempDir Path dir;

  private static UsageRecord record(String id, String agent) {
    return new UsageRecord(id, new Attribution("5dlabs/cto", 3L, agent, "code", 1, null), "claude", "claude-sonnet-4-5",
        "anthropic", TokenCounts.of(100, 10), null, "req-" + id, Instant.parse("2026-11-20T10:00:00Z"), "proxy");
  }

  /** A collector that commits everything (into a list). */
  private static ProxyRecorder.RecordSubmitter into(List<UsageRecord> committed) {
    return records -> {
      committed.addAll(records);
      return CompletableFuture.completedFuture(null);
    };
  }

  private void spoolLines(UsageSpool spool, String... lines) throws Exception {
    Files.createDirectories(spool.file().getParent());
    Files.writeString(spool.file(), String.join("\n", lines) + "\n", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
  }

  private static String line(UsageRecord r) {
    return new String(UsageJson.line(r), StandardCharsets.UTF_8).strip();
  }

  @Test
  void everyUnreadableLineIsKeptInBadAndTheReadableOnesAreStored() throws Exception {
    UsageSpool spool = new UsageSpool(dir.resolve("spool/proxy.ndjson"));
    List<UsageRecord> committed = new CopyOnWriteArrayList<>();
    spoolLines(spool, "{not json, first", line(record("a", "rex")));
    assertThat(spool.replay(into(committed))).isEqualTo(1);
    spoolLines(spool, line(record("b", "rex")), "{not json, second");
    assertThat(spool.replay(into(committed))).isEqualTo(1);

    assertThat(committed).extracting(UsageRecord::id).containsExactly("a", "b");
    assertThat(Files.exists(spool.file())).as("nothing is left to replay").isFalse();
    assertThat(Files.readAllLines(spool.badFile())).containsExactly("{not json, first", "{not json, second");
  }

  /** The store refuses one record (a trigger here): it goes to .bad, and the records around it are stored. */
  @Test
  void aRecordTheStoreRefusesGoesToBadWithoutHoldingUpTheOthers() throws Exception {
    Path db = dir.resolve("costs.db");
    try (JdbcStore store = JdbcStore.openSqlite(db)) {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
        c.createStatement().execute("CREATE TRIGGER refuse BEFORE INSERT ON token_usage WHEN NEW.agent = 'refused'"
            + " BEGIN SELECT RAISE(ABORT, 'refused by a test constraint'); END");
      }
      CostSettings settings = CostSettings.of(DefaultCatalog.load());
      try (UsageCollector collector = new UsageCollector(store, () -> settings, null, CollectorOptions.DEFAULTS)) {
        UsageSpool spool = new UsageSpool(dir.resolve("spool/proxy.ndjson"));
        UsageRecord refused = record("m2", "refused");
        spool.append(record("m1", "rex"));
        spool.append(refused);
        spool.append(record("m3", "rex"));

        assertThat(spool.replay(collector::submit)).isEqualTo(2);
        assertThat(spool.replay(collector::submit)).as("nothing is left to replay").isZero();

        assertThat(store.totals(UsageFilter.ALL).records()).isEqualTo(2);
        assertThat(spool.pending()).isZero();
        assertThat(Files.readAllLines(spool.badFile())).containsExactly(line(refused));
      }
    }
  }

  @Test
  void whileTheStoreIsDownTheSpoolIsLeftAsItIs() throws Exception {
    UsageSpool spool = new UsageSpool(dir.resolve("spool/proxy.ndjson"));
    spool.append(record("a", "rex"));
    spool.append(record("b", "rex"));
    byte[] before = Files.readAllBytes(spool.file());

    assertThat(spool.replay(records -> CompletableFuture.failedFuture(new IllegalStateException("down")))).isZero();

    assertThat(Files.readAllBytes(spool.file())).isEqualTo(before);
    assertThat(Files.exists(spool.badFile())).isFalse();
  }

  /** The store goes down after the first chunk of a replay: the committed lines leave, the rest stay. */
  @Test
  void aReplayCutShortByAnOutageKeepsExactlyWhatWasNotCommitted() throws Exception {
    UsageSpool spool = new UsageSpool(dir.resolve("spool/proxy.ndjson"));
    for (int i = 0; i < 600; i++) {
      spool.append(record("r" + i, "rex"));
    }
    List<UsageRecord> committed = new CopyOnWriteArrayList<>();
    ProxyRecorder.RecordSubmitter firstCallOnly = records -> committed.isEmpty()
        ? into(committed).submit(records)
        : CompletableFuture.failedFuture(new IllegalStateException("down"));

    assertThat(spool.replay(firstCallOnly)).isEqualTo(500);
    assertThat(spool.pending()).isEqualTo(100);
    assertThat(spool.replay(into(committed))).isEqualTo(100);

    assertThat(committed).extracting(UsageRecord::id).doesNotHaveDuplicates().hasSize(600);
    assertThat(spool.pending()).isZero();
    assertThat(Files.exists(spool.badFile())).isFalse();
  }

  /** .bad is rotated like a log: bounded in size and count, no line overwritten before the oldest file goes. */
  @Test
  void badLinesAreRotatedWithinTheirBound() throws Exception {
    UsageSpool spool = new UsageSpool(dir.resolve("spool/proxy.ndjson"), 100, 2);
    List<String> written = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String garbage = String.format("{garbage line %02d %s", i, "x".repeat(20)); // 38 bytes with its newline: two fit in 100
      written.add(garbage);
      spoolLines(spool, garbage);
      spool.replay(into(new ArrayList<>()));
    }

    Path bad = spool.badFile();
    Path bad1 = bad.resolveSibling(bad.getFileName() + ".1");
    Path bad2 = bad.resolveSibling(bad.getFileName() + ".2");
    assertThat(bad.resolveSibling(bad.getFileName() + ".3")).doesNotExist();
    List<String> kept = new ArrayList<>();
    for (Path p : List.of(bad2, bad1, bad)) {
      assertThat(Files.size(p)).isLessThanOrEqualTo(100);
      kept.addAll(Files.readAllLines(p));
    }
    // the newest lines, in order, none lost between the files kept
    assertThat(kept).isEqualTo(written.subList(written.size() - kept.size(), written.size()));
    assertThat(kept).hasSize(6); // two lines in each of the three files
  }
}
