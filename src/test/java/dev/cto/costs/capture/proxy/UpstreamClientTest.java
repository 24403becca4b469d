package dev.cto.costs.capture.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy's own HTTP/1.1 client against a raw socket upstream: keep-alive reuse, a connection the
 * provider closed while idle, a call the provider drops (never sent twice: it may have been billed)
 * and a body handed on as it arrives.
 */
class UpstreamClientTest {

  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";

  private ServerSocket server;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final UpstreamClient client = new UpstreamClient();

  @BeforeEach
  void listen() throws IOException {
    server = new ServerSocket(0);
  }

  @AfterEach
  void close() throws IOException {
    server.close();
  }

  /** Serves each connection on its own thread with {@code conversation}. */
  private void serve(Conversation conversation) {
    Thread acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          int connection = connections.incrementAndGet();
          Thread t = new Thread(() -> {
            try (socket) {
              conversation.run(connection, socket.getInputStream(), socket.getOutputStream());
            } catch (IOException | InterruptedException e) {
              // the test decides what that means
            }
          });
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @FunctionalInterface
  interface Conversation {
    void run(int connection, InputStream in, OutputStream out) throws IOException, InterruptedException;
  }

  /** Reads one request with a Content-Length body; false at the end of the connection. */
  private boolean readRequest(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int b;
    while (!head.toString().endsWith("\r\n\r\n")) {
      if ((b = in.read()) < 0) {
        return false;
      }
      head.append((char) b);
    }
    requests.incrementAndGet();
    int at = head.toString().toLowerCase().indexOf("content-length: ");
    if (at >= 0) {
      int length = Integer.parseInt(head.substring(at + 16, head.indexOf("\r\n", at)).trim());
      in.readNBytes(length);
    }
    return true;
  }

  private UpstreamResponse call() throws IOException {
    RequestBody body = RequestBody.read(new ByteArrayInputStream("{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8)),
        1 << 20, Provider.ANTHROPIC, "/v1/messages", true, () -> { });
    return client.send("POST", URI.create("http://127.0.0.1:" + server.getLocalPort()), "/v1/messages",
        List.<String[]>of(new String[] {"content-type", "application/json"}), body);
  }

  private static String text(UpstreamResponse response) throws IOException {
    try (InputStream body = response.body()) {
      return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void callsOneAfterAnotherShareOneConnection() throws Exception {
    serve((connection, in, out) -> {
      while (readRequest(in)) {
        out.write(OK.getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    });
    for (int i = 0; i < 3; i++) {
      UpstreamResponse response = call();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("CONTENT-TYPE")).contains("application/json");
      assertThat(text(response)).isEqualTo("{}");
    }
    assertThat(connections).hasValue(1);
    assertThat(requests).hasValue(3);
  }

  @Test
  void aConnectionTheProviderClosedWhileIdleIsNotUsedAndTheCallIsSentOnceOnANewOne() throws Exception {
    CountDownLatch closed = new CountDownLatch(1);
    serve((connection, in, out) -> {
      readRequest(in);
      // keep-alive announced (no Connection: close), then closed anyway, as a provider's idle timeout does
      out.write(OK.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      if (connection == 1) {
        closed.countDown();
        return;
      }
      while (readRequest(in)) {
        out.write(OK.getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    });
    assertThat(text(call())).isEqualTo("{}");
    assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(100); // the FIN reaches the proxy's side

    assertThat(text(call())).isEqualTo("{}");
    assertThat(connections).hasValue(2);
    assertThat(requests).as("each call reached the upstream exactly once").hasValue(2);
  }

  @Test
  void aCallTheProviderDropsAfterReadingItFailsAndIsNotSentAgain() throws Exception {
    serve((connection, in, out) -> {
      if (connection == 1) {
        readRequest(in);
        out.write(OK.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        readRequest(in); // the second call arrives on the reused connection, is read, and then the connection drops
        return;
      }
      while (readRequest(in)) {
        out.write(OK.getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    });
    assertThat(text(call())).isEqualTo("{}");

    assertThatThrownBy(this::call).isInstanceOf(IOException.class);
    Thread.sleep(300); // time for a retry, if there were one
    assertThat(requests).as("the dropped call was not sent again: it may have been billed").hasValue(2);
    assertThat(connections).hasValue(1);
  }

  @Test
  void aChunkedBodyIsHandedOnAsItArrivesBeforeTheUpstreamFinishes() throws Exception {
    CountDownLatch firstChunkRead = new CountDownLatch(1);
    serve((connection, in, out) -> {
      readRequest(in);
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "7\r\nevent 1\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // the rest only once the client has the first chunk: a client that waited for more would hang here
      if (!firstChunkRead.await(10, TimeUnit.SECONDS)) {
        return;
      }
      out.write("7\r\nevent 2\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    });
    UpstreamResponse response = call();
    byte[] buffer = new byte[1024];
    int n = response.body().read(buffer);
    assertThat(new String(buffer, 0, n, StandardCharsets.US_ASCII)).isEqualTo("event 1");
    firstChunkRead.countDown();
    assertThat(text(response)).isEqualTo("event 2");
  }

  @Test
  void aBodyUntilCloseIsReadToTheEndAndItsConnectionNotReused() throws Exception {
    serve((connection, in, out) -> {
      readRequest(in);
      out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"a\":1}".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    });
    assertThat(text(call())).isEqualTo("{\"a\":1}");
    assertThat(text(call())).isEqualTo("{\"a\":1}");
    assertThat(connections).hasValue(2);
  }
}
