package dev.cto.costs.capture.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads the complete lines of a JSONL file from a byte offset. A last line without its newline is
 * not consumed: the CLI may still be writing it, so the next run reads it again from its start.
 *
 * <p>Lines are handed over as slices of one large read buffer, not copied out one by one: an
 * import reads a gigabyte of lines, and the per-line copy was a fifth of the reading time.
 */
final class JsonlFile {

  /** Gets each complete line (without its newline) as {@code buf[off, off + len)}, its 1-based number and file offset. */
  interface LineHandler {
    void line(byte[] buf, int off, int len, long number, long offset);
  }

  /** Gets each complete line longer than the limit: its number, file offset and length, never its bytes. */
  interface TooLongHandler {
    void tooLong(long number, long offset, long length);
  }

  /**
   * @param endOffset just past the last complete line: where the next run starts
   * @param lines complete lines read
   * @param pendingTail bytes after the last newline (a line still being written), 0 if none
   */
  record Result(long endOffset, long lines, long pendingTail) {}

  /** Large enough that a read returns many lines; a longer line grows the buffer, up to the line limit. */
  private static final int BUFFER = 1 << 20;

  /**
   * One buffer per reading thread, kept between files: a fresh one per file was most of what an
   * import allocated (a gigabyte for the 1M-line set, in half-megabyte arrays that filled the
   * young generation every few dozen files). A buffer grown for an unusually long line is not kept.
   */
  private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[BUFFER]);

  private static final int KEEP_AT_MOST = 4 * BUFFER;

  private JsonlFile() {}

  /**
   * Reads the complete lines from {@code offset}. A line longer than {@code maxLine} bytes is not
   * kept: the buffer stops growing at the limit and the rest of the line is scanned for its
   * newline and dropped, so a 2 GiB line costs a scan, not 2 GiB of heap (an array cannot even
   * hold it). It goes to {@code tooLong} instead of {@code handler}.
   */
  static Result read(Path file, long offset, long firstLineNumber, int maxLine, LineHandler handler,
      TooLongHandler tooLong) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      channel.position(offset);
      byte[] buf = BUFFERS.get();
      int filled = 0; // buf[0, filled) holds bytes read and not yet handed over: the start of a line
      long bufStart = offset; // file offset of buf[0]
      long lineStart = offset; // file offset of the line not finished yet
      boolean skipping = false; // the unfinished line is over the limit: its bytes are dropped as they come
      long number = firstLineNumber;
      long lines = 0;
      int n;
      while ((n = channel.read(ByteBuffer.wrap(buf, filled, buf.length - filled))) >= 0) {
        int scanFrom = filled;
        filled += n;
        int start = 0;
        for (int i = scanFrom; i < filled; i++) {
          if (buf[i] != '\n') {
            continue;
          }
          if (skipping) {
            tooLong.tooLong(number, lineStart, bufStart + i - lineStart);
            skipping = false;
          } else {
            int len = i > start && buf[i - 1] == '\r' ? i - 1 - start : i - start;
            if (len > maxLine) {
              tooLong.tooLong(number, lineStart, i - start); // all its bytes, as when they are not kept
            } else if (len > 0) {
              handler.line(buf, start, len, number, lineStart);
            }
          }
          number++;
          lines++;
          start = i + 1;
          lineStart = bufStart + start;
        }
        if (skipping) {
          bufStart += filled; // all of it is the over-long line
          filled = 0;
          continue;
        }
        bufStart += start;
        filled -= start;
        if (start > 0) {
          System.arraycopy(buf, start, buf, 0, filled); // the unfinished line moves to the front
        }
        if (filled > maxLine) {
          skipping = true;
          bufStart += filled;
          filled = 0;
        } else if (filled == buf.length) {
          // one line longer than the buffer: grow, but never past the limit (+1 to see a line exceed it),
          // and straight to it rather than to the limit and then one byte more (two large copies)
          long doubled = 2L * buf.length;
          buf = Arrays.copyOf(buf, (int) (doubled >= maxLine ? maxLine + 1L : doubled));
          if (buf.length <= KEEP_AT_MOST) {
            BUFFERS.set(buf);
          }
        }
      }
      return new Result(lineStart, lines, bufStart + filled - lineStart);
    }
  }
}
