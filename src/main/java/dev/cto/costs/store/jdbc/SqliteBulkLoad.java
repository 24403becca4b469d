package dev.cto.costs.store.jdbc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first import into a SQLite file that does not exist yet, loaded the fast way and put into
 * place whole.
 *
 * <p>The records go into a scratch file {@code <db>.bulk-load-<pid>} beside the target, without a
 * journal and without an fsync per commit, and with only the indexes that decide what is a
 * duplicate (the primary key and the unique request id): the time, PR, agent, day and unpriced
 * indexes and the daily rollup are built after the load, each in one sorted pass, instead of
 * being updated record by record in the order the logs come in. Then the file is synced and
 * hard-linked to the target's name, which fails rather than replace a database another process
 * created meanwhile; so the target is either absent or complete. A crash leaves only the scratch
 * file, which the next bulk load into the same place deletes once its process is gone.
 *
 * <p>Without a journal a failed statement cannot be rolled back: any failure abandons the whole
 * load (the scratch file is deleted, nothing is stored, the import state is not saved).
 */
final class SqliteBulkLoad {

  static final String SCRATCH_INFIX = ".bulk-load-";

  /** Tables whose secondary indexes wait for the end of the load. */
  private static final List<String> DEFERRED_TABLES = List.of("token_usage", "usage_daily");

  private final Path target;
  private final Path scratch;
  /** Name → CREATE INDEX statement, as the migrations made them, dropped while loading. */
  private final Map<String, String> deferred = new LinkedHashMap<>();

  private SqliteBulkLoad(Path target, Path scratch) {
    this.target = target;
    this.scratch = scratch;
  }

  /**
   * A bulk load into {@code target}, or null when the file exists already (then the import
   * appends to it the usual way). Leftovers of earlier loads whose process is gone are removed.
   */
  static SqliteBulkLoad begin(Path target) {
    Path file = target.toAbsolutePath();
    if (Files.exists(file)) {
      return null;
    }
    try {
      Path dir = file.getParent();
      Files.createDirectories(dir);
      removeLeftovers(dir, file.getFileName().toString());
      Path scratch = dir.resolve(file.getFileName() + SCRATCH_INFIX + ProcessHandle.current().pid());
      Files.deleteIfExists(scratch); // a dead process with our pid: its leftover
      return new SqliteBulkLoad(file, scratch);
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare a bulk load beside " + file + ": " + e, e);
    }
  }

  Path scratch() {
    return scratch;
  }

  Path target() {
    return target;
  }

  /** Scratch files of this target whose process has ended (a crash, a kill): never complete. */
  private static void removeLeftovers(Path dir, String name) throws IOException {
    String prefix = name + SCRATCH_INFIX;
    try (DirectoryStream<Path> siblings = Files.newDirectoryStream(dir, glob(prefix) + "*")) {
      for (Path p : siblings) {
        String suffix = p.getFileName().toString().substring(prefix.length());
        if (suffix.matches("\\d{1,18}") && ProcessHandle.of(Long.parseLong(suffix)).isEmpty()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** The name as a glob that matches only itself (a database may be called {@code costs[1].db}). */
  private static String glob(String literal) {
    return literal.replaceAll("([*?\\[\\]{}\\\\])", "\\\\$1");
  }

  /** Drops the secondary indexes that no insert needs; {@link #buildAfterLoad} makes them again. */
  void deferIndexes(Connection c) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index'"
            + " AND sql IS NOT NULL ORDER BY name")) {
      while (rs.next()) {
        String sql = rs.getString(3);
        // the unique indexes decide which copy of a call is stored: they stay through the load
        if (DEFERRED_TABLES.contains(rs.getString(2)) && !sql.toUpperCase(java.util.Locale.ROOT).startsWith("CREATE UNIQUE")) {
          deferred.put(rs.getString(1), sql);
          names.add(rs.getString(1));
        }
      }
    }
    try (Statement s = c.createStatement()) {
      for (String name : names) {
        s.execute("DROP INDEX \"" + name + "\"");
      }
    }
  }

  /**
   * After the last record: the rollup as one GROUP BY of the records (SQLite sorts them once and
   * writes each rollup row once, in key order), then each deferred index from one sorted pass.
   */
  void buildAfterLoad(Connection c) throws SQLException {
    Rollups.rebuildAll(c);
    try (Statement s = c.createStatement()) {
      for (String sql : deferred.values()) {
        s.execute(sql);
      }
    }
  }

  /** Outside a transaction: the file is opened in WAL mode from now on, as every store file is. */
  void switchToWal(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
    }
  }

  /**
   * Syncs the complete scratch file and gives it the target's name. A hard link, not a rename:
   * it fails when the target exists, so a database another process created meanwhile is never
   * replaced. Then the scratch name goes, and the directory is synced so the name survives a
   * power cut.
   */
  void placeAtomically() {
    try {
      try (FileChannel ch = FileChannel.open(scratch, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      try {
        Files.createLink(target, scratch);
        Files.delete(scratch);
      } catch (FileAlreadyExistsException e) {
        throw createdMeanwhile(e);
      } catch (IOException | UnsupportedOperationException noHardLinks) {
        // a file system without hard links: a rename, which replaces, so only after a last look
        if (Files.exists(target)) {
          throw createdMeanwhile(null);
        }
        Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
      }
      try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
        dir.force(true);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot put the bulk-loaded database in place at " + target + ": " + e, e);
    }
  }

  private IllegalStateException createdMeanwhile(Exception cause) {
    return new IllegalStateException(target + " was created by another process during this first import;"
        + " nothing was stored by this run: run the import again to add what is missing to it", cause);
  }

  /** Deletes the scratch file: the load failed, nothing of it is kept. */
  void abandon() {
    try {
      Files.deleteIfExists(scratch);
    } catch (IOException ignored) {
      // a later bulk load removes it once this process is gone
    }
  }
}
