package dev.cto.costs.capture.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A spool file of one's own in a shared directory. A replay reads the spool, sends it and deletes
 * it: a second process appending to the same file in between would lose its records, and a local
 * {@code serve} replaying a sidecar's spool sent the sidecar's records to the wrong store. So each
 * process claims {@code spool-N.ndjson} by an OS lock on {@code spool-N.lock}, held while it runs;
 * a restarted process claims the lowest free one again and replays what its predecessor left.
 */
public final class SpoolDirectory implements AutoCloseable {

  private static final int MAX_SPOOLS = 1000;

  private final FileChannel lockFile;
  private final FileLock lock;
  private final Path spool;

  private SpoolDirectory(FileChannel lockFile, FileLock lock, Path spool) {
    this.lockFile = lockFile;
    this.lock = lock;
    this.spool = spool;
  }

  /** Claims the lowest-numbered spool in {@code dir} (created if missing) that no live process holds. */
  public static SpoolDirectory claim(Path dir) {
    try {
      Files.createDirectories(dir);
      for (int n = 0; n < MAX_SPOOLS; n++) {
        FileChannel channel = FileChannel.open(dir.resolve("spool-" + n + ".lock"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          lock = null; // held by this JVM already
        }
        if (lock != null) {
          return new SpoolDirectory(channel, lock, dir.resolve("spool-" + n + ".ndjson"));
        }
        channel.close();
      }
      throw new IllegalStateException("all " + MAX_SPOOLS + " spools in " + dir + " are held by running processes");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use the spool directory " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The spool file this process owns while the claim is held. */
  public Path spool() {
    return spool;
  }

  @Override
  public void close() {
    try {
      lock.release();
      lockFile.close();
    } catch (IOException e) {
      // the OS drops the lock with the process anyway
    }
  }
}
