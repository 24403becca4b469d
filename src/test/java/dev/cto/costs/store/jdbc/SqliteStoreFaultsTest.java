package dev.cto.costs.store.jdbc;

import static dev.cto.costs.store.jdbc.Records.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.store.StoreHealth.Condition;
import dev.cto.costs.store.StoreMissingException;
import dev.cto.costs.store.StoreUnavailableException;
import dev.cto.costs.store.UsageFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The SQLite file deleted, replaced, full or read-only while the store uses it. */
class SqliteStoreFaultsTest {

  @TempDir Path dir;
  private Path file;
  private final List<JdbcStore> opened = new ArrayList<>();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger breakerLog = (Logger) LoggerFactory.getLogger(StoreBreaker.class);
  private static final AtomicInteger IDS = new AtomicInteger();

  @BeforeEach
  void captureLog() {
    file = dir.resolve("costs.db");
    log.start();
    breakerLog.addAppender(log);
  }

  @AfterEach
  void close() {
    breakerLog.detachAppender(log);
    opened.forEach(JdbcStore::close);
  }

  private JdbcStore open(List<String> pragmas) {
    JdbcStore store = JdbcStore.open(StoreLocation.sqlite(file),
        new SqliteConnections(file, new SqliteConnections.Options(true, 16L << 20, pragmas)));
    opened.add(store);
    return store;
  }

  private static List<PricedUsage> batch(int n) {
    List<PricedUsage> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      records.add(usage("r" + IDS.incrementAndGet(), "o/r", 1L, "rex", "code", 1, "m", 10, 2, 30, "2026-03-01T10:00:00Z"));
    }
    return records;
  }

  private long stateChangeLines() {
    return log.list.stream().filter(e -> e.getLoggerName().equals(StoreBreaker.class.getName())).count();
  }

  @Test
  void aDeletedDatabaseIsNoticedAndNeverRecreated() throws Exception {
    JdbcStore store = open(List.of());
    store.insert(batch(3));

    Files.delete(file);

    // before: the write went on into the unlinked file and was acknowledged, then lost on restart
    assertThatThrownBy(() -> store.insert(batch(3)))
        .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("deleted");
    assertThat(store.health().condition()).isEqualTo(Condition.FILE_GONE);
    assertThatThrownBy(() -> store.totals(UsageFilter.ALL)).isInstanceOf(StoreUnavailableException.class);
    Thread.sleep(1_500); // the background probe and the checkpointer ran meanwhile
    assertThat(store.health().condition()).isEqualTo(Condition.FILE_GONE);
    assertThat(file).doesNotExist(); // no new empty database under the old name
    assertThat(stateChangeLines()).isEqualTo(1);
  }

  @Test
  void aDatabaseReplacedWhileServingIsNoticed() throws Exception {
    JdbcStore store = open(List.of());
    store.insert(batch(3));
    Path other = dir.resolve("restored.db");
    JdbcStore.openSqlite(other).close();

    Files.move(other, file, StandardCopyOption.REPLACE_EXISTING);

    assertThat(store.health().condition()).isEqualTo(Condition.FILE_GONE);
    List<PricedUsage> refused = batch(3);
    assertThatThrownBy(() -> store.insert(refused))
        .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("replaced");
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet rs = c.createStatement().executeQuery(
            "SELECT count(*) FROM token_usage WHERE id = '" + refused.get(0).id() + "'")) {
      assertThat(rs.getLong(1)).isZero(); // nothing went into the new file behind its owner's back
    }
  }

  @Test
  void aFullDiskIsNamedOnceAndLaterWritesFailAtOnceWhileReadsGoOn() throws Exception {
    JdbcStore first = open(List.of());
    first.insert(batch(1));
    first.close();
    opened.clear();
    long pages;
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet rs = c.createStatement().executeQuery("PRAGMA page_count")) {
      pages = rs.getLong(1);
    }
    // SQLite's own SQLITE_FULL, as from a full volume: the file may not grow past a few pages
    JdbcStore store = open(List.of("PRAGMA max_page_count = " + (pages + 4)));

    StoreUnavailableException full = null;
    for (int i = 0; i < 50 && full == null; i++) {
      try {
        store.insert(batch(200));
      } catch (StoreUnavailableException e) {
        full = e;
      }
    }

    assertThat(full).isNotNull();
    // before: "cannot commit - no transaction is active", the error of the cleanup, not of the write
    assertThat(full).hasMessageContaining("disk full").hasMessageNotContaining("no transaction is active");
    assertThat(store.health().condition()).isEqualTo(Condition.DISK_FULL);
    for (int i = 0; i < 100; i++) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> store.insert(batch(1))).isInstanceOf(StoreUnavailableException.class);
      assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1_000);
    }
    assertThat(store.totals(UsageFilter.ALL).records()).isGreaterThanOrEqualTo(1); // reads still answer
    assertThat(stateChangeLines()).as(log.list.toString()).isEqualTo(1);
    assertThat(log.list.get(0).getFormattedMessage()).contains("disk full").contains(file.toString());
  }

  @Test
  void aReadOnlyDatabaseIsNamedAndComesBackThroughTheProbe() throws Exception {
    open(List.of()).insert(batch(1));
    JdbcStore store = open(List.of("PRAGMA query_only = 1"));

    assertThatThrownBy(() -> store.insert(batch(1)))
        .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("read-only");
    assertThat(store.health().condition()).isEqualTo(Condition.READ_ONLY);

    store.probe(); // its write probe fails the same way: still read-only, no second log line
    assertThat(store.health().condition()).isEqualTo(Condition.READ_ONLY);
    assertThat(stateChangeLines()).isEqualTo(1);
  }

  @Test
  void aFullDiskClearsWhenAWriteProbeSucceeds() throws Exception {
    JdbcStore store = open(List.of());
    store.insert(batch(1));
    store.breaker().down(Condition.DISK_FULL, "no space left on device");
    assertThatThrownBy(() -> store.insert(batch(1))).isInstanceOf(StoreUnavailableException.class);

    store.probe(); // space is back: the harmless write commits

    assertThat(store.health().isUp()).isTrue();
    store.insert(batch(1));
    assertThat(store.totals(UsageFilter.ALL).records()).isEqualTo(2);
    assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).last().asString().contains("ok again");
  }

  @Test
  void readsNeverCreateADatabase() {
    Path typo = dir.resolve("typo/path.db");

    assertThatThrownBy(() -> JdbcStore.openExisting(StoreLocation.sqlite(typo)))
        .isInstanceOf(StoreMissingException.class)
        .hasMessageContaining(typo.toString())
        .hasMessageContaining("costs record");
    assertThat(dir.resolve("typo")).doesNotExist();
  }

  /** The production connections: WAL and full sync on the writer, the reader and the checkpointer alike. */
  @Test
  void everyConnectionSyncsFully() throws Exception {
    SqliteConnections connections = new SqliteConnections(file, SqliteConnections.Options.WRITE);
    try (JdbcStore store = JdbcStore.open(StoreLocation.sqlite(file), connections)) {
      store.insert(batch(1));
      for (java.sql.Connection c : List.of(connections.writer(), connections.reader())) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
          assertThat(rs.getInt(1)).as("synchronous (2 = FULL)").isEqualTo(2);
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
          assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
        connections.release(c);
      }
    }
  }
}
