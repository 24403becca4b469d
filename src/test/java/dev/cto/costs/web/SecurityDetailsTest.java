package dev.cto.costs.web;

import static dev.cto.costs.web.Usage.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DNS rebinding, what a malformed MCP request gets back, and how loud a client's abort is. */
class SecurityDetailsTest {

  @TempDir Path dir;
  private CollectorService service;

  private int start(List<String> tokens) {
    service = CollectorService.start(new AppOptions(dir.resolve("costs.db"), null, null),
        new ServerOptions("127.0.0.1", 0, tokens, 64 * 1024, 1000, 14));
    return service.port();
  }

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void withoutATokenOnlyLoopbackHostNamesAreAnswered() throws Exception {
    int port = start(List.of());

    for (String host : List.of("localhost", "localhost:" + port, "LocalHost:80", "127.0.0.1", "127.0.0.1:" + port,
        "[::1]", "[::1]:" + port)) {
      assertThat(RawHttp.exchange(port, "GET", "/v1/export", host, null, null).status()).as(host).isEqualTo(200);
    }
    for (String host : List.of("evil.example", "evil.example:" + port, "localhost.evil.example", "127.0.0.1.nip.io:" + port,
        "[::2]:" + port, "10.0.0.7")) {
      RawHttp.Response refused = RawHttp.exchange(port, "GET", "/v1/export", host, null, null);
      assertThat(refused.status()).as(host).isEqualTo(421);
      assertThat(refused.body()).contains("is not a loopback name").contains("COST_API_TOKEN");
    }
    // the MCP servlet and the writes are behind the same check
    assertThat(RawHttp.exchange(port, "POST", "/mcp", "evil.example", "application/json",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", "Accept", "application/json, text/event-stream").status())
        .isEqualTo(421);
    assertThat(RawHttp.exchange(port, "POST", "/v1/usage", "evil.example", "application/json",
        record("a", 1, "rex", "m", 1, 1)).status()).isEqualTo(421);
  }

  @Test
  void withATokenAnyHostIsAnswered() throws Exception {
    int port = start(List.of("s3cret"));

    assertThat(RawHttp.exchange(port, "GET", "/v1/export", "costs.internal.example:8080", null, null,
        "Authorization", "Bearer s3cret").status()).isEqualTo(200);
  }

  @Test
  void malformedMcpJsonGetsAJsonRpcParseErrorAndNothingElse() throws Exception {
    int port = start(List.of());

    RawHttp.Response r = RawHttp.exchange(port, "POST", "/mcp", "127.0.0.1:" + port, "application/json",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":", "Accept", "application/json, text/event-stream");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}");
    // and a well-formed request still reaches the MCP server
    RawHttp.Response list = RawHttp.exchange(port, "POST", "/mcp", "127.0.0.1:" + port, "application/json",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", "Accept", "application/json, text/event-stream");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body()).contains("\"costs\"");
  }

  @Test
  void aClientThatAbortsItsUploadIsOneWarningLine() throws Exception {
    int port = start(List.of());
    try (LogCapture logs = new LogCapture()) {
      try (Socket upload = RawHttp.stalledUpload(port, "/v1/usage", "application/json", 10_000, 100)) {
        Thread.sleep(200); // the handler is reading the body when the client goes away
      }

      await().atMost(Duration.ofSeconds(10)).until(() -> !logs.events().isEmpty());
      Thread.sleep(500); // anything else it would log comes right after
      List<ILoggingEvent> events = logs.events();
      assertThat(events).hasSize(1);
      ILoggingEvent event = events.get(0);
      assertThat(event.getLevel()).isEqualTo(Level.WARN);
      assertThat(event.getThrowableProxy()).isNull();
      assertThat(event.getFormattedMessage()).doesNotContain("\n").contains("/v1/usage").contains("client");
    }
  }
}
