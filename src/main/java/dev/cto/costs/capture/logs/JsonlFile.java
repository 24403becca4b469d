package dev.cto.costs.capture.logs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads the complete lines of a JSONL file from a byte offset. A last line without its newline is
 * not consumed: the CLI may still be writing it, so the next run reads it again from its start.
 */
final class JsonlFile {

  /** Gets each complete line (without its newline), its 1-based number and the offset it starts at. */
  interface LineHandler {
    void line(byte[] buf, int len, long number, long offset);
  }

  /**
   * @param endOffset just past the last complete line: where the next run starts
   * @param lines complete lines read
   * @param pendingTail bytes after the last newline (a line still being written), 0 if none
   */
  record Result(long endOffset, long lines, long pendingTail) {}

  private JsonlFile() {}

  static Result read(Path file, long offset, long firstLineNumber, LineHandler handler) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      channel.position(offset);
      InputStream in = Channels.newInputStream(channel);
      byte[] chunk = new byte[1 << 16];
      byte[] line = new byte[1 << 12];
      int lineLen = 0;
      long consumed = offset;
      long number = firstLineNumber;
      long lines = 0;
      int n;
      while ((n = in.read(chunk)) > 0) {
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (chunk[i] != '\n') {
            continue;
          }
          int part = i - start;
          line = ensure(line, lineLen + part);
          System.arraycopy(chunk, start, line, lineLen, part);
          lineLen += part;
          long lineStart = consumed;
          consumed += lineLen + 1;
          int len = lineLen > 0 && line[lineLen - 1] == '\r' ? lineLen - 1 : lineLen;
          if (len > 0) {
            handler.line(line, len, number, lineStart);
          }
          number++;
          lines++;
          lineLen = 0;
          start = i + 1;
        }
        int rest = n - start;
        line = ensure(line, lineLen + rest);
        System.arraycopy(chunk, start, line, lineLen, rest);
        lineLen += rest;
      }
      return new Result(consumed, lines, lineLen);
    }
  }

  private static byte[] ensure(byte[] buf, int size) {
    return size <= buf.length ? buf : Arrays.copyOf(buf, Math.max(size, buf.length * 2));
  }
}
