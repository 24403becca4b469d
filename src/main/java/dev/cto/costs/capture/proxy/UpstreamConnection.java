package dev.cto.costs.capture.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 connection to a provider, plain or TLS, read and written with blocking calls on
 * the thread that serves the agent's call: no selector thread and no hand-off between threads, the
 * JDK HTTP client's cost on every call. TCP_NODELAY: a request or a streamed event is sent the
 * moment it is written, never held back for more.
 */
final class UpstreamConnection implements AutoCloseable {

  private static final int CONNECT_TIMEOUT_MS = 10_000;

  final String origin;
  private final SocketChannel channel;
  private final Socket socket;
  final UpstreamInput in;
  final OutputStream out;
  private long idleSince;

  private UpstreamConnection(String origin, SocketChannel channel, Socket socket) throws IOException {
    this.origin = origin;
    this.channel = channel;
    this.socket = socket;
    InputStream raw = socket.getInputStream();
    this.in = new UpstreamInput(raw);
    this.out = socket.getOutputStream();
  }

  static String origin(URI base) {
    return base.getScheme().toLowerCase() + "://" + base.getHost() + ":" + port(base);
  }

  static UpstreamConnection open(URI base) throws IOException {
    String host = base.getHost();
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    // a channel underneath, even for TLS: it is what lets an idle connection be checked without
    // blocking (see stillOpen)
    SocketChannel channel = SocketChannel.open();
    try {
      Socket raw = channel.socket();
      raw.setTcpNoDelay(true);
      raw.setKeepAlive(true);
      raw.connect(new InetSocketAddress(bare, port(base)), CONNECT_TIMEOUT_MS);
      Socket socket = raw;
      if (base.getScheme().equalsIgnoreCase("https")) {
        SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
            .createSocket(raw, bare, port(base), true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        socket = tls;
      }
      return new UpstreamConnection(origin(base), channel, socket);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static int port(URI base) {
    return base.getPort() >= 0 ? base.getPort() : base.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  void idle(long now) {
    idleSince = now;
  }

  long idleSince() {
    return idleSince;
  }

  /**
   * Whether an idle connection can carry a request: the provider has neither closed it (a read
   * would give end of stream) nor sent anything unasked (an alert, garbage). Checked before each
   * reuse, because a request written to a connection the provider already closed may or may not
   * have reached it, and must then not be sent again (it may be billed twice): so it is never
   * written to one that is known to be closed.
   */
  boolean stillOpen() {
    try {
      channel.configureBlocking(false);
      int n;
      try {
        n = channel.read(ByteBuffer.allocate(1));
      } finally {
        channel.configureBlocking(true);
      }
      return n == 0;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
    try {
      channel.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
