package dev.cto.costs.store.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * SQLite: one writer connection behind a lock (SQLite serialises writers anyway; a Java lock
 * avoids busy-waiting on the file lock within this process) and one reader connection, which in
 * WAL mode reads a consistent snapshot while the writer commits.
 *
 * <p>Durability: WAL with {@code synchronous=FULL} fsyncs the log on every commit, so an
 * acknowledged record survives a power cut, not only a process crash. Transactions start {@code
 * IMMEDIATE} so two processes never deadlock upgrading read locks.
 *
 * <p>Checkpoints (copying the log back into the database file, with its own fsyncs) run on a
 * background thread and connection instead of inside whichever commit crosses the log's size
 * limit: that commit, and every request waiting on it, used to pay for the whole checkpoint.
 * Passive checkpoints alone never let the log start over while the writer keeps writing (each
 * ends behind the newest commit), so under sustained ingest the WAL grew past a gigabyte: once it
 * passes {@link Options#walCheckpointBytes()}, the writer runs one {@code TRUNCATE} checkpoint
 * after its commit, which empties the log; {@code journal_size_limit} caps what a log that
 * restarts on its own keeps.
 *
 * <p>The file's identity is remembered at the first open: a deleted or replaced file is reported
 * by {@link #fileProblem()}, and no connection is ever opened again on the path (that would
 * create a new empty database, or read another one).
 */
final class SqliteConnections implements Connections {

  /**
   * @param create whether a missing file may be created (writes) or is an error (reads)
   * @param walCheckpointBytes the WAL size past which a truncating checkpoint runs
   * @param pragmas extra statements run on each new connection (tests: e.g. a page limit)
   * @param bulkLoad a scratch file no other process knows yet ({@link SqliteBulkLoad}): no journal,
   *     no fsync, no checkpoints; a crash leaves a file that is thrown away, never the database
   */
  record Options(boolean create, long walCheckpointBytes, List<String> pragmas, boolean bulkLoad) {

    Options(boolean create, long walCheckpointBytes, List<String> pragmas) {
      this(create, walCheckpointBytes, pragmas, false);
    }

    /** 16 MiB: checked after every commit, so the log stays below 64 MiB by far more than one commit's worth. */
    static final Options WRITE = new Options(true, 16L << 20, List.of());
    static final Options READ = new Options(false, 16L << 20, List.of());
    static final Options BULK_LOAD = new Options(true, Long.MAX_VALUE, List.of(), true);
  }

  /** What {@code journal_size_limit} keeps of the log after it starts over: the documented bound. */
  static final long WAL_BOUND_BYTES = 64L << 20;

  private static final long CHECKPOINT_EVERY_MS = 250;

  private final Path file;
  private final Path wal;
  private final String url;
  private final Options options;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ReentrantLock readLock = new ReentrantLock();
  private Connection writer;
  private Connection reader;
  private volatile FileIdentity identity;
  private final ScheduledExecutorService checkpoints =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sqlite-checkpoint");
        t.setDaemon(true);
        return t;
      });
  private Connection checkpointer;
  /** Asks {@code PRAGMA data_version} on its own connection, so a long report on the reader never holds it up. */
  private Connection watcher;

  SqliteConnections(Path file, Options options) {
    this.file = file.toAbsolutePath();
    this.wal = Path.of(this.file + "-wal");
    this.options = options;
    if (options.create()) {
      try {
        Path parent = this.file.getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot create the directory of " + file + ": " + e, e);
      }
    }
    this.url = "jdbc:sqlite:" + this.file;
    if (options.bulkLoad()) {
      return; // no log to copy back
    }
    checkpoints.scheduleWithFixedDelay(this::checkpoint, CHECKPOINT_EVERY_MS, CHECKPOINT_EVERY_MS, TimeUnit.MILLISECONDS);
  }

  /**
   * Copies the log into the database. A passive checkpoint never blocks the writer; whatever it
   * cannot copy now, a later one will (and the writer's truncation has less left to copy).
   */
  private void checkpoint() {
    try {
      if (checkpointer == null) {
        checkpointer = open();
      }
      try (Statement s = checkpointer.createStatement()) {
        s.execute("PRAGMA wal_checkpoint(PASSIVE)");
      }
    } catch (SQLException e) {
      closeQuietly(checkpointer); // e.g. the file is gone or busy: try afresh next time
      checkpointer = null;
    }
  }

  /**
   * Run by the writer after a transaction, still holding the write lock, when the log has passed
   * the threshold: copies the rest of the log and cuts the file to zero. This process's reader is
   * held off meanwhile (a reader on the log would make the checkpoint wait); other processes'
   * readers are waited for through the busy timeout. Most frames were already copied by the
   * passive checkpoints, so this is mostly an fsync and a truncate.
   */
  private void truncateWalIfLarge(Connection c) {
    if (walBytes() <= options.walCheckpointBytes()) {
      return;
    }
    readLock.lock();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
      rs.next(); // busy=1 when another process's reader held it off: the next commit tries again
    } catch (SQLException e) {
      // the write itself committed; a failed checkpoint leaves the log for the next attempt
    } finally {
      readLock.unlock();
    }
  }

  long walBytes() {
    try {
      return Files.size(wal);
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public String fileProblem() {
    FileIdentity known = identity;
    if (known == null) {
      return null;
    }
    FileIdentity now = FileIdentity.of(file);
    if (now == null) {
      return file + " was deleted while in use; restart the collector once the file is back"
          + " (or to start a new database)";
    }
    if (!now.equals(known)) {
      return file + " was replaced by another file while in use; restart the collector to use the new file";
    }
    return null;
  }

  private Connection open() throws SQLException {
    String problem = fileProblem();
    if (problem != null) {
      throw new SQLException(problem, "CTO01");
    }
    SQLiteConfig config = new SQLiteConfig();
    if (options.bulkLoad()) {
      // nobody else sees this file until it is complete and in place: neither a journal nor an
      // fsync per commit protects anything a crash could leave behind (SqliteBulkLoad)
      config.setJournalMode(SQLiteConfig.JournalMode.OFF);
      config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
    } else {
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    }
    config.setBusyTimeout(30_000);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    // 48 MiB of page cache per connection: a 1M-line import took the same time as with 64 MiB
    // (paired, 11.10 s against 11.04 s) at 20 MB less peak memory; with 32 MiB it was slower
    config.setCacheSize(-49_152);
    config.setJournalSizeLimit((int) WAL_BOUND_BYTES);
    if (!options.create() || identity != null) {
      // only the first connection of a writing store may create the file; a missing file later
      // means it was deleted, and a new empty one would swallow acknowledged records
      config.resetOpenMode(SQLiteOpenMode.CREATE);
    }
    Connection c = config.createConnection(url);
    try (Statement s = c.createStatement()) {
      if (!options.bulkLoad()) {
        s.execute("PRAGMA wal_autocheckpoint=0"); // the background checkpointer does it
      }
      for (String pragma : options.pragmas()) {
        s.execute(pragma);
      }
    } catch (SQLException e) {
      closeQuietly(c);
      throw e;
    }
    if (identity == null) {
      identity = FileIdentity.of(file);
    }
    return c;
  }

  @Override
  public Connection writer() throws SQLException {
    writeLock.lock();
    try {
      if (writer == null || writer.isClosed()) {
        writer = open();
      }
      return writer;
    } catch (SQLException | RuntimeException e) {
      writeLock.unlock();
      throw e;
    }
  }

  @Override
  public Connection reader() throws SQLException {
    readLock.lock();
    try {
      if (reader == null || reader.isClosed()) {
        reader = open();
      }
      return reader;
    } catch (SQLException | RuntimeException e) {
      readLock.unlock();
      throw e;
    }
  }

  /**
   * {@code PRAGMA data_version}: SQLite moves it on this connection whenever any other connection,
   * in this process (the writer) or another (a CLI import, a second server), has committed. The
   * watcher itself never writes.
   */
  @Override
  public synchronized long changeMarker() throws SQLException {
    try {
      if (watcher == null || watcher.isClosed()) {
        watcher = open();
      }
      try (Statement s = watcher.createStatement(); ResultSet rs = s.executeQuery("PRAGMA data_version")) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      closeQuietly(watcher); // e.g. the file is gone: open afresh next time
      watcher = null;
      throw e;
    }
  }

  @Override
  public void release(Connection connection) {
    if (connection == writer) {
      try {
        truncateWalIfLarge(connection);
      } finally {
        writeLock.unlock();
      }
    } else if (connection == reader) {
      readLock.unlock();
    }
  }

  @Override
  public void close() {
    checkpoints.shutdownNow();
    try {
      checkpoints.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly(checkpointer);
    synchronized (this) {
      closeQuietly(watcher);
      watcher = null;
    }
    writeLock.lock();
    readLock.lock();
    try {
      closeQuietly(reader);
      closeQuietly(writer);
    } finally {
      readLock.unlock();
      writeLock.unlock();
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      if (c != null) {
        c.close();
      }
    } catch (SQLException ignored) {
      // closing: nothing left to do with a failure
    }
  }
}
