package dev.cto.costs.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The second floor of bench/proxy-vs-direct: a bare TCP relay in its own JVM between the SDK and
 * the node upstream. Two blocking threads per connection copy bytes each way as they arrive, with
 * TCP_NODELAY; no HTTP is parsed, nothing is recorded. A proxy must do at least this (one more
 * process on the path, one more wake-up per direction and per stream chunk), so what this adds
 * over a direct call is what no proxy on this machine can go below, whatever its HTTP server.
 *
 *   java -cp … dev.cto.costs.bench.TcpRelayFloor UPSTREAM_PORT   (prints its own port)
 */
public final class TcpRelayFloor {

  private TcpRelayFloor() {}

  public static void main(String[] args) throws IOException {
    InetSocketAddress upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0]));
    try (ServerSocket server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress())) {
      System.out.println(server.getLocalPort());
      System.out.flush();
      while (true) {
        Socket client = server.accept();
        Socket target = new Socket();
        target.connect(upstream);
        client.setTcpNoDelay(true);
        target.setTcpNoDelay(true);
        pump(client, target);
        pump(target, client);
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    Thread pump = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
        }
      } catch (IOException e) {
        // one side closed: close both below
      } finally {
        close(from);
        close(to);
      }
    }, "relay");
    pump.setDaemon(true);
    pump.start();
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
