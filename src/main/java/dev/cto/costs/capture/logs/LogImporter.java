package dev.cto.costs.capture.logs;

import dev.cto.costs.domain.UsageRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
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

  private static final int BATCH = 50_000;

  private final LogFormat format;
  private final Duration settle;

  private LogImporter(LogFormat format, Duration settle) {
    this.format = format;
    this.settle = settle;
  }

  /**
   * Leaves the last response of a Claude Code file modified within {@code settle} for a later
   * run: its content blocks may still be coming, the early ones with partial counts, and a record
   * once stored is never replaced (its id is taken). Zero imports everything at once.
   */
  public LogImporter withSettle(Duration settle) {
    return new LogImporter(format, format == LogFormat.CLAUDE_CODE ? settle : Duration.ZERO);
  }

  public static LogImporter claudeCode() {
    return new LogImporter(LogFormat.CLAUDE_CODE, Duration.ZERO);
  }

  public static LogImporter codex() {
    return new LogImporter(LogFormat.CODEX, Duration.ZERO);
  }

  public String cli() {
    return format.cli();
  }

  public ImportSummary run(List<Path> roots, ImportState state, Attributor attributor, UsageSink sink) {
    return run(roots, state, attributor, sink, ImportProgress.NONE);
  }

  /** Imports what is new, telling {@code progress} (from the calling thread) as each file is done. */
  public ImportSummary run(List<Path> roots, ImportState state, Attributor attributor, UsageSink sink,
      ImportProgress progress) {
    Map<LogCall.Key, LogCall> calls = new LinkedHashMap<>();
    Map<Path, FileState> read = new LinkedHashMap<>();
    BadLines bad = new BadLines();
    long files = 0;
    long lines = 0;
    long bytes = 0;
    long usageLines = 0;
    ExecutorService readers = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r, "log-reader");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<FileImport>> imports = new ArrayList<>();
      for (Path root : roots) {
        for (Path file : format.files(root)) {
          FileState before = state.get(file);
          imports.add(readers.submit(() -> readIfChanged(root, file, before)));
        }
      }
      progress.update(new ImportProgress.Counters(0, imports.size(), 0, 0));
      for (Future<FileImport> future : imports) { // in file order: the same result whichever thread read what
        FileImport done = await(future);
        files++;
        progress.update(new ImportProgress.Counters(files, imports.size(), bytes + done.bytes(),
            calls.size() + (done.read() == null ? 0 : done.read().calls.size())));
        bad.addAll(done.bad());
        if (done.state() == null) {
          continue;
        }
        done.read().calls.values().forEach(call -> calls.merge(call.dedupeKey(), call, FileRead::larger));
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
    // in time order: the store's time-keyed indexes then grow at their ends instead of at random
    // pages, which roughly halves the write time of a large import
    List<LogCall> ordered = new ArrayList<>(calls.values());
    calls.clear();
    ordered.sort(java.util.Comparator.comparing(LogCall::timestamp));
    UsageSink.Written written = ordered.isEmpty() ? UsageSink.Written.NONE : write(ordered, attributor, sink);
    read.forEach(state::put);
    return new ImportSummary(format.cli(), files, read.size(), lines, bytes, ordered.size(), usageLines - ordered.size(),
        written, bad.count(), bad.first());
  }

  /** Files are read on all cores: parsing a gigabyte of JSON lines is the import's main cost. */
  private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

  private FileImport readIfChanged(Path root, Path file, FileState before) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return FileImport.unchanged(file); // deleted or rotated away since it was listed (a watched folder changes)
    }
    long size = attributes.size();
    long modified = attributes.lastModifiedTime().toMillis();
    if (before != null && before.untouched(size, modified)) {
      return FileImport.unchanged(file); // the common case of a re-run: decided without opening the file
    }
    boolean same = FileHead.sameFile(file, size, before);
    if (same && size == before.size() && (before.heldBack() == 0 || !settled(file))) {
      return FileImport.unchanged(file); // nothing appended since the last run (and nothing held back that is due now)
    }
    return FileImport.read(format, root, file, size, modified, same, before, settled(file));
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

  /**
   * Hands batches to the sink without waiting for each commit: while the store commits one batch,
   * the next is priced and queued (a few in flight, so memory stays bounded).
   */
  private static UsageSink.Written write(Iterable<LogCall> calls, Attributor attributor, UsageSink sink) {
    UsageSink.Written total = UsageSink.Written.NONE;
    java.util.ArrayDeque<CompletableFuture<UsageSink.Written>> inFlight = new java.util.ArrayDeque<>();
    List<UsageRecord> batch = new ArrayList<>(BATCH);
    for (LogCall call : calls) {
      batch.add(call.toRecord(attributor.attribute(call.context())));
      if (batch.size() == BATCH) {
        if (inFlight.size() == IN_FLIGHT) {
          total = total.plus(join(inFlight.poll()));
        }
        inFlight.add(sink.submit(batch));
        batch = new ArrayList<>(BATCH);
      }
    }
    if (!batch.isEmpty()) {
      inFlight.add(sink.submit(batch));
    }
    for (CompletableFuture<UsageSink.Written> pending : inFlight) {
      total = total.plus(join(pending));
    }
    return total;
  }

  private static final int IN_FLIGHT = 3;

  /** The store's own exception, as a blocking write would have thrown it. */
  private static UsageSink.Written join(CompletableFuture<UsageSink.Written> pending) {
    try {
      return pending.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }
}
