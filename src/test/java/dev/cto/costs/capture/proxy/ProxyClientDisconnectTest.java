package dev.cto.costs.capture.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.web.ServerOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent hangs up while its answer is streaming through the proxy: the provider has billed the
 * tokens reported so far, so they are stored, and stored once.
 */
class ProxyClientDisconnectTest {

  private static FakeProviderServer fake;
  @TempDir Path dir;
  private CollectorService service;
  private StoreProbe store;

  @BeforeAll
  static void startFake() {
    fake = FakeProviderServer.start();
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @BeforeEach
  void startService() throws Exception {
    fake.clear();
    Path config = Files.writeString(dir.resolve("cost-config.json"), ProxyTestConfig.json(fake, dir.resolve("spool.ndjson")));
    Path db = dir.resolve("costs.db");
    service = CollectorService.start(new AppOptions(db, null, config),
        new ServerOptions("127.0.0.1", 0, List.of(), ServerOptions.DEFAULT_MAX_BODY, ServerOptions.DEFAULT_MAX_RECORDS, 14));
    store = new StoreProbe(db);
  }

  @AfterEach
  void stop() {
    store.close();
    service.close();
  }

  @Test
  void aClientThatHangsUpMidStreamHasTheUsageSeenSoFarStoredOnce() throws Exception {
    Scenario s = Scenario.ANTHROPIC_STREAM;
    String body = "{\"model\":\"" + s.model() + "\",\"max_tokens\":5,\"stream\":true,\"messages\":[]}";
    try (Socket socket = new Socket("127.0.0.1", service.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /proxy/anthropic/@pr=5,agent=rex,stage=code/v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Type: application/json\r\nx-api-key: k\r\nanthropic-version: 2023-06-01\r\nContent-Length: "
          + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder seen = new StringBuilder();
      byte[] buffer = new byte[512];
      while (!seen.toString().contains("message_start")) {
        int n = in.read(buffer);
        assertThat(n).as("the stream's first event before the end").isPositive();
        seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      }
      assertThat(seen.toString()).doesNotContain("message_stop"); // hung up mid-stream, not after
    }

    PricedUsage recorded = store.awaitRecord(s.messageId);
    // message_start's counts at least; how much more depends on when the proxy's writes notice
    // the hang-up (the first write after it still lands in the socket buffer)
    assertThat(recorded.record().tokens().input()).isEqualTo(s.usage.input());
    assertThat(recorded.record().tokens().output()).isBetween(1L, s.usage.output());
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
        .until(() -> store.records().stream().filter(r -> r.id().equals(s.messageId)).count() == 1);
    assertThat(fake.requestsFor(s)).hasSize(1);
  }
}
