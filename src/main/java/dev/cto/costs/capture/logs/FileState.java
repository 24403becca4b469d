package dev.cto.costs.capture.logs;

import java.util.Map;

/**
 * What an import read of one file.
 *
 * @param size the file's size then
 * @param offset just past the last complete line read: where the next run goes on
 * @param lines complete lines read, to number the lines after the offset
 * @param head hash of the first {@code headLength} bytes: a file replaced by another of at least
 *     the same size is told apart by its head
 * @param reader what a stateful reader (Codex) needs to resume mid-file
 * @param heldBack bytes after {@code offset} holding a response that may still be streaming (see
 *     {@link LogImporter#withSettle}); read again once the file has been quiet long enough
 * @param modified the file's modification time (epoch ms) then; with the same size it tells an
 *     untouched file without opening it (0 in states written before it was kept)
 */
public record FileState(
    long size,
    long offset,
    long lines,
    String head,
    int headLength,
    Map<String, String> reader,
    long heldBack,
    long modified) {

  public FileState {
    reader = reader == null ? Map.of() : Map.copyOf(reader);
  }

  /** Nothing was written to the file since this state: same size, same modification time, nothing held back. */
  boolean untouched(long size, long modified) {
    return this.modified != 0 && this.modified == modified && this.size == size && heldBack == 0;
  }
}
