package dev.cto.costs.capture.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.web.ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What stands between the provider's answer and the agent: nothing but the copy. A streamed event
 * reaches the agent before the provider sends the next, and recording (usage parsing, the store)
 * happens after the answer is complete, so a store that hangs does not hold the agent's call.
 */
class ProxyResponsePathTest {

  @TempDir Path dir;
  private ServerSocket upstream;
  private ProxyServer server;
  private ProxyRecorder recorder;
  private final CountDownLatch storeMayAnswer = new CountDownLatch(1);
  private final CountDownLatch submitted = new CountDownLatch(1);

  @AfterEach
  void stop() throws IOException {
    storeMayAnswer.countDown();
    if (server != null) {
      server.close();
    }
    if (recorder != null) {
      recorder.close();
    }
    upstream.close();
  }

  /** The proxy, its Anthropic upstream the raw socket, recording to a store that hangs until told. */
  private int start(String answer, CountDownLatch beforeRest, String rest) throws IOException {
    upstream = new ServerSocket(0);
    Thread t = new Thread(() -> {
      try (Socket socket = upstream.accept()) {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
          head.append((char) in.read());
        }
        int at = head.toString().toLowerCase().indexOf("content-length: ");
        in.readNBytes(Integer.parseInt(head.substring(at + 16, head.indexOf("\r\n", at)).trim()));
        OutputStream out = socket.getOutputStream();
        out.write(answer.getBytes(StandardCharsets.UTF_8));
        out.flush();
        if (beforeRest != null && beforeRest.await(10, TimeUnit.SECONDS)) {
          out.write(rest.getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
        in.read(); // until the proxy closes
      } catch (IOException | InterruptedException e) {
        // the test has failed or is over
      }
    });
    t.setDaemon(true);
    t.start();
    ProxySettings settings = ProxySettings.of(Map.of("anthropic", "http://127.0.0.1:" + upstream.getLocalPort()),
        dir.resolve("spool.ndjson").toString(), null, dir.resolve("default-spool.ndjson"));
    recorder = new ProxyRecorder(records -> {
      submitted.countDown();
      try {
        storeMayAnswer.await(30, TimeUnit.SECONDS); // a store that hangs
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return CompletableFuture.completedFuture(null);
    }, new UsageSpool(dir.resolve("spool.ndjson")), 60_000);
    server = new ProxyServer("127.0.0.1", 0, new LlmProxy(() -> settings, recorder, Clock.systemUTC())).start();
    return server.port();
  }

  private static Socket post(int port, String body) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    socket.getOutputStream().write(("POST /proxy/anthropic/v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/json\r\nx-api-key: k\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
        .getBytes(StandardCharsets.UTF_8));
    return socket;
  }

  /** Reads until {@code text} was seen (a read timeout fails the test). */
  private static String readUntil(InputStream in, StringBuilder seen, String text) throws IOException {
    byte[] buffer = new byte[4096];
    while (!seen.toString().contains(text)) {
      int n = in.read(buffer);
      assertThat(n).as("'" + text + "' before the end of the response; so far: " + seen).isPositive();
      seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
    }
    return seen.toString();
  }

  @Test
  void aStreamedEventReachesTheAgentBeforeTheUpstreamSendsTheNext() throws Exception {
    CountDownLatch agentHasFirstEvent = new CountDownLatch(1);
    String first = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude-x\","
        + "\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n";
    String rest = "event: message_delta\ndata: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":5}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    int port = start("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
        + Integer.toHexString(first.length()) + "\r\n" + first + "\r\n", agentHasFirstEvent,
        Integer.toHexString(rest.length()) + "\r\n" + rest + "\r\n0\r\n\r\n");
    try (Socket agent = post(port, "{\"model\":\"claude-x\",\"stream\":true}")) {
      StringBuilder seen = new StringBuilder();
      readUntil(agent.getInputStream(), seen, "message_start");
      // the upstream holds the rest back until now: a proxy that buffered would time out above
      agentHasFirstEvent.countDown();
      readUntil(agent.getInputStream(), seen, "message_stop");
      readUntil(agent.getInputStream(), seen, "\r\n0\r\n\r\n"); // the response's end, while the store hangs
    }
    assertThat(submitted.await(10, TimeUnit.SECONDS)).as("recorded after the answer").isTrue();
  }

  @Test
  void theAnswerIsCompleteWhileTheStoreStillHangs() throws Exception {
    String json = "{\"id\":\"msg_2\",\"type\":\"message\",\"model\":\"claude-x\",\"content\":[],"
        + "\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}";
    int port = start("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + json.length()
        + "\r\n\r\n" + json, null, null);
    try (Socket agent = post(port, "{\"model\":\"claude-x\"}")) {
      String seen = readUntil(agent.getInputStream(), new StringBuilder(), "\"output_tokens\":5}}");
      assertThat(seen).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: " + json.length());
    }
    assertThat(submitted.await(10, TimeUnit.SECONDS)).as("the usage still goes to the store").isTrue();
  }
}
