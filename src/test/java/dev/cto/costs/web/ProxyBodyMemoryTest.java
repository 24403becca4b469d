package dev.cto.costs.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 200 MB request body through the proxy of {@code serve} running with a 64 MB heap: it gets 413
 * (the default limit is 32 MB), and the service lives on. A proxy that held the body would need
 * 200 MB of heap for it and fail with OutOfMemoryError. The peak RSS is printed for
 * docs/benchmarks.md.
 */
class ProxyBodyMemoryTest {

  static final long BODY = 200L << 20; // a whole number of chunks
  private static final int CHUNK = 64 * 1024;

  @TempDir Path dir;
  private HttpServer upstream;
  private final AtomicLong upstreamGot = new AtomicLong();
  private ServerProcess server;

  @BeforeEach
  void start() throws Exception {
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/", ex -> {
      try (InputStream in = ex.getRequestBody()) {
        byte[] sink = new byte[CHUNK];
        int n;
        while ((n = in.read(sink)) >= 0) {
          upstreamGot.addAndGet(n);
        }
      } catch (IOException e) {
        // the proxy cut the upload off at its limit
      }
      byte[] answer = "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"fake\"}}".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(400, answer.length);
      ex.getResponseBody().write(answer);
      ex.close();
    });
    upstream.start();
    Path config = Files.writeString(dir.resolve("cost-config.json"),
        "{\"proxy\":{\"upstreams\":{\"anthropic\":\"http://127.0.0.1:" + upstream.getAddress().getPort() + "\"}}}");
    server = ServerProcess.startOnTestClasspath(dir, Map.of(), List.of("-Xmx64m", "-XX:+UseSerialGC"),
        "--db", dir.resolve("costs.db").toString(), "--config", config.toString());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    upstream.stop(0);
  }

  @Test
  void a200MegabyteBodyGets413WithA64MegabyteHeapDeclaredOrStreamed() throws Exception {
    long before = server.peakRssBytes();

    RawHttp.Response declared = upload("Content-Length: " + BODY, false);
    RawHttp.Response streamed = upload("Transfer-Encoding: chunked", true);

    assertThat(declared.status()).isEqualTo(413);
    assertThat(declared.body()).contains("over the proxy's limit of 33554432 bytes");
    assertThat(streamed.status()).isEqualTo(413);
    assertThat(upstreamGot.get()).isLessThanOrEqualTo(33_554_432L + 1_048_576L); // what went upstream before the cut
    assertThat(server.isAlive()).isTrue();
    assertThat(RawHttp.exchange(server.port, "GET", "/healthz", "127.0.0.1", null, null).status()).isEqualTo(200);
    long peak = server.peakRssBytes();
    System.out.printf("proxy 200 MB body: peak RSS %d MB before, %d MB after (-Xmx64m), upstream got %d MB before the cut%n",
        before >> 20, peak >> 20, upstreamGot.get() >> 20);
    if (peak > 0) {
      assertThat(peak).isLessThan(512L << 20);
    }
  }

  /** Sends a 200 MB body from a second thread while this one waits for the answer. */
  private RawHttp.Response upload(String lengthHeader, boolean chunked) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port)) {
      socket.setSoTimeout(120_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /proxy/anthropic/v1/messages HTTP/1.1\r\nHost: 127.0.0.1:" + server.port
          + "\r\nContent-Type: application/json\r\nx-api-key: k\r\nanthropic-version: 2023-06-01\r\n" + lengthHeader
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      Thread writer = new Thread(() -> {
        byte[] block = "x".repeat(CHUNK).getBytes(StandardCharsets.ISO_8859_1);
        byte[] chunkHead = (Integer.toHexString(CHUNK) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        try {
          for (long sent = 0; sent < BODY; sent += CHUNK) {
            if (chunked) {
              out.write(chunkHead);
            }
            out.write(block);
            if (chunked) {
              out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
          }
          if (chunked) {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          }
          out.flush();
        } catch (IOException e) {
          // the server answered and closed before the end: the answer says why
        }
      }, "upload");
      writer.setDaemon(true);
      writer.start();
      RawHttp.Response response = RawHttp.parse(socket.getInputStream().readAllBytes());
      writer.join(60_000);
      return response;
    }
  }
}
