package dev.cto.costs.capture.logs;

import dev.cto.costs.domain.UsageRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  private LogImporter(LogFormat format) {
    this.format = format;
  }

  public static LogImporter claudeCode() {
    return new LogImporter(LogFormat.CLAUDE_CODE);
  }

  public static LogImporter codex() {
    return new LogImporter(LogFormat.CODEX);
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
          if (same && size == before.offset() + pendingOf(before)) {
            continue; // nothing appended since the last run
          }
          FileState start = same ? before : new FileState(0, 0, 0, null, 0, Map.of());
          LogFormat.FileReader reader = format.open(root, file, start.reader());
          long[] found = {0};
          String name = file.toString();
          JsonlFile.Result result = JsonlFile.read(file, start.offset(), start.lines() + 1, (buf, len, number) -> {
            try {
              LogCall call = reader.parse(buf, len);
              if (call != null) {
                found[0]++;
                calls.merge(call.dedupeKey(), call, LogImporter::larger);
              }
            } catch (BadLineException e) {
              bad.add(name, number, e.getMessage());
            }
          });
          if (result.pendingTail() > 0) {
            bad.add(name, start.lines() + result.lines() + 1, "half-written last line (read again once complete)");
          }
          usageLines += found[0];
          lines[0] += result.lines();
          bytes += result.endOffset() - start.offset();
          int headLength = (int) Math.min(result.endOffset(), FileHead.MAX_LENGTH);
          read.put(file, new FileState(size, result.endOffset(), start.lines() + result.lines(),
              FileHead.hash(file, headLength), headLength, reader.state()));
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

  /** A half-written tail counts as already seen: the file is unchanged until it grows past it. */
  private static long pendingOf(FileState before) {
    return before.size() - before.offset();
  }

  /** Of two copies of one response, the later streaming state: the larger token total. */
  private static LogCall larger(LogCall a, LogCall b) {
    return b.tokens().total() > a.tokens().total() ? b : a;
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
