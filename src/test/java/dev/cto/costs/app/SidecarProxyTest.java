package dev.cto.costs.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.cto.costs.store.UsageFilter;
import dev.cto.costs.store.jdbc.JdbcStore;
import dev.cto.costs.web.ServerOptions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sidecar proxy records to a remote collector, and spools while that collector is down. */
class SidecarProxyTest {

  @TempDir Path dir;

  @Test
  void callsAreRecordedRemotelyAndSpooledWhileTheCollectorIsDown() throws Exception {
    HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    int[] calls = {0};
    upstream.createContext("/v1/messages", ex -> {
      ex.getRequestBody().readAllBytes();
      String body = "{\"id\":\"msg_" + (++calls[0]) + "\",\"type\":\"message\",\"model\":\"claude-sonnet-4-5\",\"content\":[],"
          + "\"usage\":{\"input_tokens\":100,\"output_tokens\":10,\"cache_read_input_tokens\":1000}}";
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length());
      ex.getResponseBody().write(body.getBytes(StandardCharsets.UTF_8));
      ex.close();
    });
    upstream.start();
    Path config = dir.resolve("config.json");
    Files.writeString(config, "{\"proxy\":{\"upstreams\":{\"anthropic\":\"http://127.0.0.1:" + upstream.getAddress().getPort()
        + "\"},\"spool\":\"" + dir.resolve("spool.ndjson") + "\"}}");
    AppOptions collectorOptions = new AppOptions(dir.resolve("costs.db"), null, null);
    CollectorService collector = CollectorService.start(collectorOptions, new ServerOptions("127.0.0.1", 0, List.of(), 1 << 20, 1000, 14));
    int collectorPort = collector.port();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (SidecarProxy sidecar = SidecarProxy.start("127.0.0.1", 0, config, "http://127.0.0.1:" + collectorPort, null)) {
      HttpRequest call = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecar.port() + "/proxy/anthropic/@pr=5,agent=rex,stage=code/v1/messages"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-5\"}")).build();

      assertThat(http.send(call, HttpResponse.BodyHandlers.ofString()).body()).contains("msg_1");
      await().atMost(Duration.ofSeconds(10)).until(() -> records() == 1);

      collector.close();
      assertThat(http.send(call, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200); // the agent does not notice
      await().atMost(Duration.ofSeconds(10)).until(() -> sidecar.recorder().spool().pending() == 1);

      collector = CollectorService.start(collectorOptions, new ServerOptions("127.0.0.1", collectorPort, List.of(), 1 << 20, 1000, 14));
      await().atMost(Duration.ofSeconds(20)).until(() -> records() == 2);
      await().atMost(Duration.ofSeconds(10)).until(() -> sidecar.recorder().spool().pending() == 0);
    } finally {
      collector.close();
      upstream.stop(0);
    }
  }

  private long records() {
    try (JdbcStore store = JdbcStore.openSqlite(dir.resolve("costs.db"))) {
      return store.totals(UsageFilter.pr(null, 5)).records();
    }
  }
}
