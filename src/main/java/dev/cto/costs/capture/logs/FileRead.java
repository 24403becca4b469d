package dev.cto.costs.capture.logs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The calls read from one file, merged by response, and where the last response began: Claude
 * Code writes a response's content blocks one line at a time, the early ones with partial counts,
 * so the last response of a file still being written may not be complete yet.
 */
final class FileRead {

  final Map<LogCall.Key, LogCall> calls = new LinkedHashMap<>();
  long usageLines;
  private LogCall.Key lastKey;
  private long lastStart;
  private long lastLine;
  private long lastCopies;

  void add(LogCall call, long lineNumber, long offset) {
    usageLines++;
    if (!call.dedupeKey().equals(lastKey)) {
      lastKey = call.dedupeKey();
      lastStart = offset;
      lastLine = lineNumber;
      lastCopies = 0;
    }
    lastCopies++;
    calls.merge(call.dedupeKey(), call, FileRead::larger);
  }

  /** Leaves the last response for the next run; returns the offset and line number it began at, or null if none. */
  long[] holdBackLast() {
    if (lastKey == null) {
      return null;
    }
    calls.remove(lastKey);
    usageLines -= lastCopies;
    return new long[] {lastStart, lastLine};
  }

  /** Of two copies of one response, the later streaming state: the larger token total. */
  static LogCall larger(LogCall a, LogCall b) {
    return b.tokens().total() > a.tokens().total() ? b : a;
  }
}
