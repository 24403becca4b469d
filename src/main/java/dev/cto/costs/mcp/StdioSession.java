package dev.cto.costs.mcp;

import io.modelcontextprotocol.server.McpSyncServer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;

/** A running stdio server; the client ends it by closing our standard input. */
public final class StdioSession implements AutoCloseable {

  private final McpSyncServer server;
  private final EndAwareInput input;

  StdioSession(McpSyncServer server, EndAwareInput input) {
    this.server = server;
    this.input = input;
  }

  /** Blocks until the client closed the input stream. */
  public void awaitEnd() throws InterruptedException {
    input.ended.await();
  }

  @Override
  public void close() {
    server.closeGracefully();
  }

  /** The SDK's reader stops silently at end of input; this tells us it happened. */
  static final class EndAwareInput extends FilterInputStream {

    private final CountDownLatch ended = new CountDownLatch(1);

    EndAwareInput(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      return seen(super.read());
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return seen(super.read(b, off, len));
    }

    private int seen(int n) {
      if (n < 0) {
        ended.countDown();
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      ended.countDown();
      super.close();
    }
  }
}
