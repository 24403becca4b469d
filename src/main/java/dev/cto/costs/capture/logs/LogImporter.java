package dev.cto.costs.capture.logs;

import dev.cto.costs.domain.UsageRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports the logs of one CLI: reads what is new in each file, merges the copies of each API
 * response, attributes and writes the records, then remembers how far it read. The state is
 * updated only after the records are durable, so a failed run is simply run again.
 */
public final class LogImporter {

  private static final int BATCH = 5_000;

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
    Map<String, LogCall> calls = new LinkedHashMap<>();
    Map<Path, FileState> read = new LinkedHashMap<>();
    BadLines bad = new BadLines();
    long[] lines = {0};
    long files = 0;
    long bytes = 0;
    long usageLines = 0;
    try {
      for (Path root : roots) {
        for (Path file : format.files(root)) {
          files++;
          FileState before = state.get(file);
          long size = Files.size(file);
          boolean same = FileHead.sameFile(file, size, before);
          if (same && size == before.size() && (before.heldBack() == 0 || !settled(file))) {
            continue; // nothing appended since the last run (and nothing held back that is due now)
          }
          FileState start = same ? before : new FileState(0, 0, 0, null, 0, Map.of(), 0);
          LogFormat.FileReader reader = format.open(root, file, start.reader());
          FileRead fileRead = new FileRead();
          String name = file.toString();
          JsonlFile.Result result = JsonlFile.read(file, start.offset(), start.lines() + 1, (buf, len, number, at) -> {
            try {
              LogCall call = reader.parse(buf, len);
              if (call != null) {
                fileRead.add(call, number, at);
              }
            } catch (BadLineException e) {
              bad.add(name, number, e.getMessage());
            }
          });
          if (result.pendingTail() > 0) {
            bad.add(name, start.lines() + result.lines() + 1, "half-written last line (read again once complete)");
          }
          long end = result.endOffset();
          long linesDone = start.lines() + result.lines();
          long[] heldBack = !settled(file) ? fileRead.holdBackLast() : null;
          if (heldBack != null) {
            end = heldBack[0];
            linesDone = heldBack[1] - 1;
          }
          fileRead.calls.values().forEach(call -> calls.merge(call.dedupeKey(), call, FileRead::larger));
          usageLines += fileRead.usageLines;
          lines[0] += result.lines();
          bytes += result.endOffset() - start.offset();
          int headLength = (int) Math.min(end, FileHead.MAX_LENGTH);
          read.put(file, new FileState(size, end, linesDone, FileHead.hash(file, headLength), headLength,
              reader.state(), result.endOffset() - end));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the logs: " + e.getMessage(), e);
    }
    UsageSink.Written written = write(calls.values(), attributor, sink);
    read.forEach(state::put);
    return new ImportSummary(format.cli(), files, read.size(), lines[0], bytes, calls.size(), usageLines - calls.size(),
        written, bad.count(), bad.first());
  }

  /** Whether a file has been quiet long enough that its last response is complete. */
  private boolean settled(Path file) throws IOException {
    return settle.isZero()
        || Files.getLastModifiedTime(file).toInstant().isBefore(Instant.now().minus(settle));
  }

  private static UsageSink.Written write(Iterable<LogCall> calls, Attributor attributor, UsageSink sink) {
    UsageSink.Written total = UsageSink.Written.NONE;
    List<UsageRecord> batch = new ArrayList<>(BATCH);
    for (LogCall call : calls) {
      batch.add(call.toRecord(attributor.attribute(call.context())));
      if (batch.size() == BATCH) {
        total = total.plus(sink.write(batch));
        batch = new ArrayList<>(BATCH);
      }
    }
    if (!batch.isEmpty()) {
      total = total.plus(sink.write(batch));
    }
    return total;
  }
}
