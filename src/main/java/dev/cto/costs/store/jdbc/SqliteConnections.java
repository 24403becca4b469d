package dev.cto.costs.store.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * SQLite: one writer connection behind a lock (SQLite serialises writers anyway; a Java lock
 * avoids busy-waiting on the file lock within this process) and one reader connection, which in
 * WAL mode reads a consistent snapshot while the writer commits.
 *
 * <p>Durability: WAL with {@code synchronous=FULL} fsyncs the log on every commit, so an
 * acknowledged record survives a power cut, not only a process crash. Transactions start {@code
 * IMMEDIATE} so two processes never deadlock upgrading read locks.
 */
final class SqliteConnections implements Connections {

  private final String url;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ReentrantLock readLock = new ReentrantLock();
  private Connection writer;
  private Connection reader;

  SqliteConnections(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the directory of " + file + ": " + e, e);
    }
    this.url = "jdbc:sqlite:" + file.toAbsolutePath();
  }

  private Connection open() throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(30_000);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    config.setCacheSize(-65_536); // 64 MiB page cache
    return config.createConnection(url);
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

  @Override
  public void release(Connection connection) {
    if (connection == writer) {
      writeLock.unlock();
    } else if (connection == reader) {
      readLock.unlock();
    }
  }

  @Override
  public void close() {
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
