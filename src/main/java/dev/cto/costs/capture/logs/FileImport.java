package dev.cto.costs.capture.logs;

import dev.cto.costs.domain.InvalidRecordException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What reading the new part of one log file produced: its responses (merged within the file),
 * its bad lines and the state to save. Files are read independently, in parallel, and their
 * outcomes combined in file order, so the result does not depend on which thread was faster.
 *
 * @param state null when the file was unchanged and not read at all, or could not be read
 * @param unreadable why the file could not be read (nothing of it is used, it is tried again next run), else null
 */
record FileImport(Path file, FileRead read, BadLines bad, long lines, long bytes, FileState state,
    Unreadable unreadable) {

  static FileImport unchanged(Path file) {
    return new FileImport(file, null, new BadLines(), 0, 0, null, null);
  }

  static FileImport unreadable(Unreadable why) {
    return new FileImport(why.path(), null, new BadLines(), 0, 0, null, why);
  }

  /** Reads what is new in {@code file} since {@code before}, holding back a response that may still be streaming. */
  static FileImport read(LogFormat format, Attributor attributor, Path root, Path file, long size, long modified,
      boolean same, FileState before, boolean settled, int maxLine) throws IOException {
    FileState start = same ? before : new FileState(0, 0, 0, null, 0, java.util.Map.of(), 0, 0);
    LogFormat.FileReader reader = format.open(root, file, start.reader());
    FileRead fileRead = new FileRead();
    BadLines bad = new BadLines();
    String name = file.toString();
    JsonlFile.Result result = JsonlFile.read(file, start.offset(), start.lines() + 1, maxLine,
        (buf, off, len, number, at) -> {
          try {
            LogCall call = reader.parse(buf, off, len);
            if (call != null) {
              call.toRecord(attributor.attribute(call.context())); // a line the record's rules refuse is a bad line
              fileRead.add(call, number, at);
            }
          } catch (BadLineException | InvalidRecordException e) {
            bad.add(name, number, e.getMessage());
          }
        },
        (number, at, length) -> bad.add(name, number, "a line of " + length + " bytes, longer than the limit of "
            + maxLine + " bytes: skipped unread"));
    if (result.pendingTail() > 0) {
      bad.add(name, start.lines() + result.lines() + 1, "half-written last line (read again once complete)");
    }
    long end = result.endOffset();
    long linesDone = start.lines() + result.lines();
    long[] heldBack = settled ? null : fileRead.holdBackLast();
    if (heldBack != null) {
      end = heldBack[0];
      linesDone = heldBack[1] - 1;
    }
    int headLength = (int) Math.min(end, FileHead.MAX_LENGTH);
    FileState after = new FileState(size, end, linesDone, FileHead.hash(file, headLength), headLength,
        reader.state(), result.endOffset() - end, modified);
    return new FileImport(file, fileRead, bad, result.lines(), result.endOffset() - start.offset(), after, null);
  }
}
