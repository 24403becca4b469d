package dev.cto.costs.capture.proxy;

import java.io.IOException;
import java.io.InputStream;

/**
 * A response body as HTTP/1.1 frames it: a {@code Content-Length}, chunks, or everything until the
 * provider closes. Read to its end, the connection goes back to the pool when it may carry another
 * call; closed before the end, or broken, it is closed.
 */
final class UpstreamBody extends InputStream {

  enum Framing { EMPTY, LENGTH, CHUNKED, UNTIL_CLOSE }

  private final UpstreamConnection connection;
  private final UpstreamPool pool;
  private final Framing framing;
  private final boolean reusable;
  /** Bytes left in the body (LENGTH) or in the current chunk (CHUNKED, -1 before the first). */
  private long left;
  private boolean ended;
  private boolean released;

  UpstreamBody(UpstreamConnection connection, UpstreamPool pool, Framing framing, long length, boolean reusable) {
    this.connection = connection;
    this.pool = pool;
    this.framing = framing;
    this.reusable = reusable && framing != Framing.UNTIL_CLOSE;
    this.left = framing == Framing.LENGTH ? length : -1;
    if (framing == Framing.EMPTY || (framing == Framing.LENGTH && length == 0)) {
      end();
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] into, int offset, int length) throws IOException {
    if (ended) {
      return -1;
    }
    if (length == 0) {
      return 0;
    }
    try {
      return switch (framing) {
        case LENGTH -> readLength(into, offset, length);
        case CHUNKED -> readChunked(into, offset, length);
        default -> readUntilClose(into, offset, length);
      };
    } catch (IOException e) {
      release(false);
      throw e;
    }
  }

  private int readLength(byte[] into, int offset, int length) throws IOException {
    int n = connection.in.read(into, offset, (int) Math.min(length, left));
    if (n < 0) {
      throw new IOException("the upstream closed the connection " + left + " bytes before the body's end");
    }
    if ((left -= n) == 0) {
      end();
    }
    return n;
  }

  private int readChunked(byte[] into, int offset, int length) throws IOException {
    if (left <= 0) {
      if (left == 0) {
        connection.in.readLine(); // the CRLF after the previous chunk
      }
      String size = connection.in.readLine();
      int extension = size.indexOf(';');
      try {
        left = Long.parseLong((extension >= 0 ? size.substring(0, extension) : size).trim(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("the upstream sent a bad chunk size: " + size);
      }
      if (left == 0) {
        while (!connection.in.readLine().isEmpty()) {
          // trailers: dropped, as hop-by-hop framing
        }
        end();
        return -1;
      }
    }
    int n = connection.in.read(into, offset, (int) Math.min(length, left));
    if (n < 0) {
      throw new IOException("the upstream closed the connection inside a chunk");
    }
    left -= n;
    return n;
  }

  private int readUntilClose(byte[] into, int offset, int length) throws IOException {
    int n = connection.in.read(into, offset, length);
    if (n < 0) {
      end();
    }
    return n;
  }

  private void end() {
    ended = true;
    release(reusable);
  }

  private void release(boolean reuse) {
    if (released) {
      return;
    }
    released = true;
    if (reuse) {
      pool.giveBack(connection);
    } else {
      connection.close();
    }
  }

  /** Before the end: the rest is not read, so the connection cannot carry another call. */
  @Override
  public void close() {
    ended = true;
    release(false);
  }
}
