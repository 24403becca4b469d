package dev.cto.costs.capture.proxy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of one upstream connection, buffered for the response head and chunk-size lines. A
 * body read returns what is buffered, else what one read of the socket gives: never waits for more
 * than is there, so a streamed event goes on to the client the moment it arrives.
 */
final class UpstreamInput {

  private static final int MAX_LINE = 64 * 1024;

  private final InputStream socket;
  private final byte[] buffer = new byte[16 * 1024];
  private int start;
  private int end;

  UpstreamInput(InputStream socket) {
    this.socket = socket;
  }

  /** One line without its CRLF (or bare LF); EOF before its end is an error. */
  String readLine() throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      if (start == end && fill() < 0) {
        throw new EOFException("the upstream closed the connection");
      }
      while (start < end) {
        byte b = buffer[start++];
        if (b == '\n') {
          int length = line.length();
          return length > 0 && line.charAt(length - 1) == '\r' ? line.substring(0, length - 1) : line.toString();
        }
        line.append((char) (b & 0xff));
        if (line.length() > MAX_LINE) {
          throw new IOException("a line of the upstream's response head is over " + MAX_LINE + " bytes");
        }
      }
    }
  }

  /** Up to {@code length} bytes: the buffered ones, else one read of the socket; -1 at its end. */
  int read(byte[] into, int offset, int length) throws IOException {
    if (start == end) {
      if (length >= buffer.length) {
        return socket.read(into, offset, length);
      }
      if (fill() < 0) {
        return -1;
      }
    }
    int n = Math.min(length, end - start);
    System.arraycopy(buffer, start, into, offset, n);
    start += n;
    return n;
  }

  private int fill() throws IOException {
    int n = socket.read(buffer, 0, buffer.length);
    start = 0;
    end = Math.max(n, 0);
    return n;
  }

  static String latin1(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
