package dev.cto.costs.capture.proxy;

import dev.cto.costs.collect.ParsedBatch;
import dev.cto.costs.client.CollectorException;
import dev.cto.costs.client.UsageJson;
import dev.cto.costs.collect.UsageRecordReader;
import dev.cto.costs.collect.ValidationException;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.store.RejectedRecordsException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the collector could not take (store down, queue full) wait here, one NDJSON line each,
 * appended and fsynced, until {@link #replay} gets them committed. Replaying twice is harmless:
 * record ids are idempotent. A replay holds one chunk of lines in memory at a time (and the bad
 * lines it found).
 *
 * <p>A line that can never be stored (unreadable, or a record the store refuses) must neither
 * block the lines behind it nor be lost: it is appended to {@code <spool>.bad}, which is rotated
 * like a log ({@code .bad.1} is the previous one, …) so that bad lines take bounded disk space and
 * none is overwritten until the oldest file is dropped.
 */
public final class UsageSpool {

  private static final Logger LOG = LoggerFactory.getLogger(UsageSpool.class);

  /** Records sent to the collector in one request on replay. */
  private static final int CHUNK = 500;

  static final long BAD_FILE_BYTES = 16L * 1024 * 1024;
  static final int BAD_FILES_KEPT = 4;

  private final Path file;
  private final Path bad;
  private final long badFileBytes;
  private final int badFilesKept;
  private final UsageRecordReader reader = new UsageRecordReader(Clock.systemUTC());

  public UsageSpool(Path file) {
    this(file, BAD_FILE_BYTES, BAD_FILES_KEPT);
  }

  /**
   * @param badFileBytes the size beyond which {@code .bad} is rotated
   * @param badFilesKept how many rotated files ({@code .bad.1} … {@code .bad.N}) are kept besides
   *     {@code .bad}; older ones are deleted
   */
  UsageSpool(Path file, long badFileBytes, int badFilesKept) {
    this.file = file;
    this.bad = file.resolveSibling(file.getFileName() + ".bad");
    this.badFileBytes = badFileBytes;
    this.badFilesKept = badFilesKept;
  }

  public Path file() {
    return file;
  }

  /** Where lines that can never be stored are kept (the newest of the rotated files). */
  public Path badFile() {
    return bad;
  }

  synchronized void append(UsageRecord record) {
    try {
      appendSynced(file, UsageJson.line(record));
    } catch (IOException e) {
      // the last resort failed too: say so loudly, with the tokens, so an operator can recover them
      LOG.error("cannot spool usage record {} to {}: {}; lost unless re-sent: {}", record.id(), file, e.getMessage(), record);
    }
  }

  /** Records waiting in the spool, for metrics and tests. */
  public synchronized long pending() {
    if (!Files.exists(file)) {
      return 0;
    }
    try (var lines = Files.lines(file)) {
      return lines.filter(l -> !l.isBlank()).count();
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * Sends everything spooled to the collector, a chunk at a time. Committed lines leave the
   * spool; lines that can never be stored go to {@code .bad}; when the store cannot take records
   * now, the rest stays for the next attempt.
   *
   * @return how many records were committed (new or already stored)
   */
  public synchronized int replay(ProxyRecorder.RecordSubmitter collector) {
    if (!Files.exists(file)) {
      return 0;
    }
    Path kept = file.resolveSibling(file.getFileName() + ".replaying");
    try (Replay replay = new Replay(collector, kept)) {
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        List<String> chunk = new ArrayList<>(CHUNK);
        String line;
        while ((line = in.readLine()) != null) {
          if (!line.isBlank()) {
            chunk.add(line);
          }
          if (chunk.size() == CHUNK) {
            replay.chunk(chunk);
            chunk.clear();
            if (replay.storeDown && !replay.changedAnything()) {
              return 0; // nothing to rewrite: the spool stays as it is for the next attempt
            }
          }
        }
        replay.chunk(chunk);
      }
      if (!replay.changedAnything()) {
        return 0;
      }
      // bad lines reach .bad before they leave the spool: a crash in between repeats them, never loses them
      if (!replay.bad.isEmpty()) {
        appendBad(replay.bad);
        LOG.warn("{} spooled lines cannot be stored ({}); they were moved to {}", replay.bad.size(),
            replay.firstProblem, bad);
      }
      if (replay.finishKept()) {
        Files.move(kept, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } else {
        Files.delete(file);
      }
      if (replay.committed > 0) {
        LOG.info("replayed {} spooled usage records", replay.committed);
      }
      return replay.committed;
    } catch (IOException e) {
      LOG.warn("cannot replay the spool {}: {}; it is tried again later", file, e.getMessage());
      return 0;
    } finally {
      try {
        Files.deleteIfExists(kept);
      } catch (IOException ignored) {
        // a leftover is overwritten by the next replay
      }
    }
  }

  /**
   * One pass over the spool: what was committed, what can never be, and what waits (written to a
   * new spool file as it goes, so that a long spool is never held in memory).
   */
  private final class Replay implements AutoCloseable {

    private final ProxyRecorder.RecordSubmitter collector;
    private final Path keptFile;
    private BufferedWriter kept;
    final List<String> bad = new ArrayList<>();
    int committed;
    boolean storeDown;
    String firstProblem;

    Replay(ProxyRecorder.RecordSubmitter collector, Path keptFile) {
      this.collector = collector;
      this.keptFile = keptFile;
    }

    boolean changedAnything() {
      return committed > 0 || !bad.isEmpty();
    }

    void chunk(List<String> lines) throws IOException {
      List<UsageRecord> records = new ArrayList<>(lines.size());
      List<String> readable = new ArrayList<>(lines.size());
      for (String line : lines) {
        ParsedBatch parsed = parse(line);
        if (parsed.isValid() && parsed.records().size() == 1) {
          records.add(parsed.records().get(0));
          readable.add(line);
        } else {
          problem(line, parsed.isValid() ? "not one record" : new ValidationException(parsed.errors()).getMessage());
        }
      }
      if (records.isEmpty()) {
        return;
      }
      if (storeDown) {
        keep(readable);
        return;
      }
      Throwable failure = await(send(records));
      if (failure == null) {
        committed += records.size();
      } else if (refused(failure)) {
        oneByOne(records, readable); // only the refused records are bad, not the chunk
      } else {
        storeDown = true;
        keep(readable);
      }
    }

    /**
     * Each record as its own request, all at once: the collector commits them together, and
     * commits each on its own when that fails, so only the refused ones fail.
     */
    private void oneByOne(List<UsageRecord> records, List<String> lines) throws IOException {
      List<CompletableFuture<?>> sent = new ArrayList<>(records.size());
      for (UsageRecord r : records) {
        sent.add(send(List.of(r)));
      }
      for (int i = 0; i < records.size(); i++) {
        Throwable failure = await(sent.get(i));
        if (failure == null) {
          committed++;
        } else if (refused(failure)) {
          problem(lines.get(i), failure.getMessage());
        } else {
          storeDown = true;
          keep(List.of(lines.get(i)));
        }
      }
    }

    private void keep(List<String> lines) throws IOException {
      if (kept == null) {
        kept = Files.newBufferedWriter(keptFile, StandardCharsets.UTF_8);
      }
      for (String line : lines) {
        kept.write(line);
        kept.newLine();
      }
    }

    /** Makes the lines kept durable; false when there are none. */
    boolean finishKept() throws IOException {
      if (kept == null) {
        return false;
      }
      kept.close();
      kept = null;
      try (FileChannel channel = FileChannel.open(keptFile, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      return true;
    }

    private void problem(String line, String why) {
      bad.add(line);
      if (firstProblem == null) {
        firstProblem = why;
      }
    }

    private CompletableFuture<?> send(List<UsageRecord> records) {
      try {
        return collector.submit(records);
      } catch (RuntimeException e) { // overloaded, shutting down, tracking switched off: later
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public void close() throws IOException {
      if (kept != null) {
        kept.close();
      }
    }
  }

  private ParsedBatch parse(String line) {
    try {
      return reader.readNdjson(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), "proxy");
    } catch (IOException e) {
      throw new IllegalStateException(e); // an in-memory stream does not fail
    }
  }

  /** The failure of a submission, or null once committed. */
  private static Throwable await(CompletableFuture<?> submitted) {
    try {
      submitted.get(60, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException | CompletionException e) {
      return e.getCause() == null ? e : e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e;
    } catch (Exception timeout) {
      return timeout;
    }
  }

  /**
   * The records themselves were refused (sending them again fails again), not the write: by the
   * local store or collector, or by a remote collector's 400/422.
   */
  private static boolean refused(Throwable failure) {
    return failure instanceof RejectedRecordsException || failure instanceof ValidationException
        || failure instanceof CollectorException.Refused;
  }

  /** Appends to {@code .bad}, first rotating it when these lines would take it past its size. */
  private void appendBad(List<String> lines) throws IOException {
    byte[] bytes = String.join("\n", lines).concat("\n").getBytes(StandardCharsets.UTF_8);
    if (Files.exists(bad) && Files.size(bad) > 0 && Files.size(bad) + bytes.length > badFileBytes) {
      rotateBad();
    }
    appendSynced(bad, bytes);
  }

  /** {@code .bad.N-1} → {@code .bad.N} … {@code .bad} → {@code .bad.1}; the oldest beyond N is deleted. */
  private void rotateBad() throws IOException {
    Path oldest = rotated(badFilesKept);
    if (Files.deleteIfExists(oldest)) {
      LOG.warn("deleted {}: more bad spool lines than {} files of {} bytes keep", oldest, badFilesKept + 1, badFileBytes);
    }
    for (int i = badFilesKept - 1; i >= 1; i--) {
      if (Files.exists(rotated(i))) {
        Files.move(rotated(i), rotated(i + 1), StandardCopyOption.ATOMIC_MOVE);
      }
    }
    if (badFilesKept >= 1) {
      Files.move(bad, rotated(1), StandardCopyOption.ATOMIC_MOVE);
    } else {
      Files.delete(bad);
    }
  }

  private Path rotated(int n) {
    return bad.resolveSibling(bad.getFileName() + "." + n);
  }

  private static void appendSynced(Path target, byte[] bytes) throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    try (FileChannel channel =
        FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false);
    }
  }
}
