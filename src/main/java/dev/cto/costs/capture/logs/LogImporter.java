package dev.cto.costs.capture.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Imports the logs of one CLI: reads what is new in each file, merges the copies of each API
 * response, attributes and writes the records, then remembers how far it read. The state is
 * updated only after the records are durable, so a failed run is simply run again.
 */
public final class LogImporter {

  /**
   * The longest line kept, in bytes: enough for any response line a CLI writes (a pasted image is
   * a few MiB), small enough that a runaway line cannot exhaust the heap (a 2 GiB line once took
   * 2.2 GB of memory, then failed, and the whole import with it). A longer line is a bad line.
   */
  public static final int DEFAULT_MAX_LINE_BYTES = 64 << 20;

  private final LogFormat format;
  private final Duration settle;
  private final int readerThreads;
  private final int maxLineBytes;

  private LogImporter(LogFormat format, Duration settle, int readerThreads, int maxLineBytes) {
    this.format = format;
    this.settle = settle;
    this.readerThreads = readerThreads;
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Leaves the last response of a Claude Code file modified within {@code settle} for a later
   * run: its content blocks may still be coming, the early ones with partial counts, and a record
   * once stored is never replaced (its id is taken). Zero imports everything at once.
   */
  public LogImporter withSettle(Duration settle) {
    return new LogImporter(format, format == LogFormat.CLAUDE_CODE ? settle : Duration.ZERO, readerThreads, maxLineBytes);
  }

  /**
   * Lines longer than {@code bytes} are skipped unread and counted as bad lines. Each reading
   * thread holds at most one buffer of this size.
   */
  public LogImporter withMaxLineBytes(int bytes) {
    if (bytes < 1 || bytes > MAX_ARRAY) {
      throw new IllegalArgumentException("the line limit must be 1 to " + MAX_ARRAY + " bytes, was " + bytes);
    }
    return new LogImporter(format, settle, readerThreads, bytes);
  }

  /**
   * Leaves one core to a store writer in this process. The single SQLite writer is what a large
   * import waits for, and a third busy thread on two cores took CPU from it: paired, a 1M-line
   * import took 26.5 s with one reader against 28.4–28.8 s with two. A dry run or a remote
   * collector keeps every core for reading.
   */
  public LogImporter besideLocalWriter() {
    return new LogImporter(format, settle, Math.max(1, CORES - 1), maxLineBytes);
  }

  public static LogImporter claudeCode() {
    return new LogImporter(LogFormat.CLAUDE_CODE, Duration.ZERO, CORES, DEFAULT_MAX_LINE_BYTES);
  }

  public static LogImporter codex() {
    return new LogImporter(LogFormat.CODEX, Duration.ZERO, CORES, DEFAULT_MAX_LINE_BYTES);
  }

  public String cli() {
    return format.cli();
  }

  public ImportSummary run(List<Path> roots, ImportState state, Attributor attributor, UsageSink sink) {
    return run(roots, state, attributor, sink, ImportProgress.NONE);
  }

  /**
   * Imports what is new, telling {@code progress} (from the calling thread) as each file is done.
   * Files are read in parallel, a window ahead of the one being merged, and combined in file order.
   * The copies of a response (content blocks, subagent replays) stay within one project folder, so
   * a folder's responses are final once its last file is read: they go to the store then, while
   * the next folder is read, instead of after every file of every project.
   *
   * <p>A file or folder that cannot be read is listed in the summary and left out of the state:
   * the next run tries it again, and the other files are imported as usual.
   */
  public ImportSummary run(List<Path> roots, ImportState state, Attributor attributor, UsageSink sink,
      ImportProgress progress) {
    Map<LogCall.Key, LogCall> group = new LinkedHashMap<>();
    Object groupKey = null;
    RecordWriter writer = new RecordWriter(attributor, sink);
    Map<Path, FileState> read = new LinkedHashMap<>();
    BadLines bad = new BadLines();
    long files = 0;
    long lines = 0;
    long bytes = 0;
    long usageLines = 0;
    List<Unreadable> unreadable = new ArrayList<>();
    ExecutorService readers = Executors.newFixedThreadPool(readerThreads, r -> {
      Thread t = new Thread(r, "log-reader");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Job> jobs = new ArrayList<>();
      for (Path root : roots) {
        LogFormat.Listing listing = format.files(root);
        unreadable.addAll(listing.unreadable());
        for (LogFormat.Found found : listing.files()) {
          jobs.add(new Job(root, found, state.get(found.path()), format.group(root, found.path())));
        }
      }
      ArrayDeque<Future<FileImport>> ahead = new ArrayDeque<>();
      int next = 0;
      progress.update(new ImportProgress.Counters(0, jobs.size(), 0, 0));
      for (Job job : jobs) { // in file order: the same result whichever thread read what
        while (next < jobs.size() && ahead.size() < READ_AHEAD) {
          Job j = jobs.get(next++);
          // an untouched file is decided here, without a hand-off to a reader: all of a re-run's files
          ahead.add(j.untouched() ? CompletableFuture.completedFuture(FileImport.unchanged(j.found().path()))
              : readers.submit(() -> readIfChanged(j.root(), j.found(), j.before(), attributor)));
        }
        FileImport done = await(ahead.poll());
        files++;
        if (!job.group().equals(groupKey)) {
          writer.write(group.values());
          group.clear();
          groupKey = job.group();
        }
        progress.update(new ImportProgress.Counters(files, jobs.size(), bytes + done.bytes(),
            writer.records() + group.size() + (done.read() == null ? 0 : done.read().calls.size())));
        bad.addAll(done.bad());
        if (done.unreadable() != null) {
          unreadable.add(done.unreadable());
        }
        if (done.state() == null) {
          continue;
        }
        done.read().calls.values().forEach(call -> group.merge(call.dedupeKey(), call, FileRead::larger));
        usageLines += done.read().usageLines;
        lines += done.lines();
        bytes += done.bytes();
        read.put(done.file(), done.state());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the logs: " + e.getMessage(), e);
    } finally {
      readers.shutdownNow();
    }
    writer.write(group.values());
    UsageSink.Written written = writer.finish();
    read.forEach(state::put); // only now: every record of what the state says was read is durable
    long responses = writer.records();
    return new ImportSummary(format.cli(), files, read.size(), lines, bytes, responses, usageLines - responses,
        written, bad.count(), bad.first(), unreadable);
  }

  /** One file to read, with what the last run left and the group (project) it belongs to. */
  private record Job(Path root, LogFormat.Found found, FileState before, Object group) {

    /** Nothing written to it since the last run, by the walk's stat: the common case of a re-run. */
    boolean untouched() {
      return before != null && before.untouched(found.size(), found.modified());
    }
  }

  /** Files read ahead of the merge: enough to keep every core busy, few enough to bound memory. */
  private static final int READ_AHEAD = 64;

  /** Files are read on all cores by default: parsing a gigabyte of JSON lines is most of a dry run. */
  private static final int CORES = Math.max(1, Runtime.getRuntime().availableProcessors());

  /** Arrays of this length can be allocated on every JVM (a few header words short of {@code Integer.MAX_VALUE}). */
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

  /** One file's outcome; one that cannot be read is an outcome too, so the others go on. */
  private FileImport readIfChanged(Path root, LogFormat.Found found, FileState before, Attributor attributor) {
    try {
      return readChanged(root, found, before, attributor);
    } catch (NoSuchFileException e) {
      return FileImport.unchanged(found.path()); // deleted or rotated away since it was listed (a watched folder changes)
    } catch (IOException e) {
      return FileImport.unreadable(Unreadable.file(found.path(), e));
    }
  }

  private FileImport readChanged(Path root, LogFormat.Found found, FileState before, Attributor attributor)
      throws IOException {
    Path file = found.path();
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    if (!attributes.isRegularFile()) {
      // replaced since the walk, say by a FIFO: never opened, since opening a FIFO to read blocks until a writer comes
      return FileImport.unreadable(new Unreadable(file, false, "not a regular file any more"));
    }
    long size = attributes.size();
    long modified = attributes.lastModifiedTime().toMillis();
    boolean same = FileHead.sameFile(file, size, before);
    if (same && size == before.size() && (before.heldBack() == 0 || !settled(file))) {
      return FileImport.unchanged(file); // nothing appended since the last run (and nothing held back that is due now)
    }
    return FileImport.read(format, attributor, root, file, size, modified, same, before, settled(file), maxLineBytes);
  }

  private static FileImport await(Future<FileImport> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Whether a file has been quiet long enough that its last response is complete. */
  private boolean settled(Path file) throws IOException {
    return settle.isZero()
        || Files.getLastModifiedTime(file).toInstant().isBefore(Instant.now().minus(settle));
  }
}
