package dev.cto.costs.collect;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding it: each line goes to the JSON parser as bytes
 * (which decodes and checks UTF-8 itself), so the text is neither copied into chars nor held whole.
 * Only the current line and one read buffer are in memory.
 */
final class NdjsonLines {

  private final InputStream in;
  private final byte[] chunk = new byte[1 << 16];
  private int chunkPos;
  private int chunkEnd;
  private byte[] line = new byte[1 << 12];
  private int lineLength;
  private boolean eof;

  NdjsonLines(InputStream in) {
    this.in = in;
  }

  /** Advances to the next line; false at the end of the input. */
  boolean next() throws IOException {
    lineLength = 0;
    while (true) {
      if (chunkPos == chunkEnd) {
        if (eof || !fill()) {
          eof = true;
          return lineLength > 0;
        }
      }
      int newline = indexOfNewline();
      int end = newline < 0 ? chunkEnd : newline;
      append(chunkPos, end);
      if (newline >= 0) {
        chunkPos = newline + 1;
        if (lineLength > 0 && line[lineLength - 1] == '\r') {
          lineLength--;
        }
        return true;
      }
      chunkPos = chunkEnd;
    }
  }

  /** The current line's bytes are {@code buffer()[0, length())}, valid until {@link #next()}. */
  byte[] buffer() {
    return line;
  }

  int length() {
    return lineLength;
  }

  boolean isBlank() {
    for (int i = 0; i < lineLength; i++) {
      byte b = line[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  private boolean fill() throws IOException {
    int read = in.read(chunk);
    if (read <= 0) {
      return false;
    }
    chunkPos = 0;
    chunkEnd = read;
    return true;
  }

  private int indexOfNewline() {
    for (int i = chunkPos; i < chunkEnd; i++) {
      if (chunk[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void append(int from, int to) {
    int n = to - from;
    if (lineLength + n > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
    }
    System.arraycopy(chunk, from, line, lineLength, n);
    lineLength += n;
  }
}
