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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
    try (SidecarProxy sidecar = SidecarProxy.start("127.0.0.1", 0, config, "http://127.0.0.1:" + collectorPort, null,
        dir.resolve("sidecar-spool"))) {
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

  @Test
  void aLocalServeNeverReplaysASidecarsSpoolEvenInTheSameDirectory() throws Exception {
    HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/v1/messages", ex -> {
      ex.getRequestBody().readAllBytes();
      String body = "{\"id\":\"msg_s\",\"type\":\"message\",\"model\":\"claude-sonnet-4-5\",\"content\":[],"
          + "\"usage\":{\"input_tokens\":100,\"output_tokens\":10}}";
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length());
      ex.getResponseBody().write(body.getBytes(StandardCharsets.UTF_8));
      ex.close();
    });
    upstream.start();
    Path config = Files.writeString(dir.resolve("config.json"),
        "{\"proxy\":{\"upstreams\":{\"anthropic\":\"http://127.0.0.1:" + upstream.getAddress().getPort() + "\"}}}");
    int deadPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      deadPort = s.getLocalPort();
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    // the sidecar's spool directory is the local database's own directory: the worst case
    try (SidecarProxy sidecar = SidecarProxy.start("127.0.0.1", 0, config, "http://127.0.0.1:" + deadPort, null, dir);
        SidecarProxy second = SidecarProxy.start("127.0.0.1", 0, config, "http://127.0.0.1:" + deadPort, null, dir)) {
      assertThat(second.recorder().spool().file()).isNotEqualTo(sidecar.recorder().spool().file());
      HttpRequest call = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecar.port()
          + "/proxy/anthropic/@pr=5,agent=rex,stage=code/v1/messages"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-5\"}")).build();
      assertThat(http.send(call, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(10)).until(() -> sidecar.recorder().spool().pending() == 1);

      try (CollectorService local = CollectorService.start(new AppOptions(dir.resolve("costs.db"), null, null),
          new ServerOptions("127.0.0.1", 0, List.of(), 1 << 20, 1000, 14))) {
        assertThat(local.proxyRecorder().spool().file()).isNotEqualTo(sidecar.recorder().spool().file());
        Thread.sleep(1_500); // the local replayer runs at start and every 5 s
        assertThat(records()).isZero();
      }
      assertThat(sidecar.recorder().spool().pending()).isEqualTo(1);
    } finally {
      upstream.stop(0);
    }
    // a restarted sidecar claims the same spool again, and so replays what its predecessor left
    try (SidecarProxy again = SidecarProxy.start("127.0.0.1", 0, config, "http://127.0.0.1:" + deadPort, null, dir)) {
      assertThat(again.recorder().spool().file()).isEqualTo(dir.resolve("spool-0.ndjson"));
    }
  }

  /** A record the remote collector refuses (400 invalid, 422 the store's refusal) would fail forever: it is set aside. */
  @ParameterizedTest
  @ValueSource(ints = {400, 422})
  void recordsTheRemoteCollectorRefusesMoveToTheBadFile(int status) throws Exception {
    HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/v1/messages", ex -> {
      ex.getRequestBody().readAllBytes();
      String body = "{\"id\":\"msg_r\",\"type\":\"message\",\"model\":\"claude-sonnet-4-5\",\"content\":[],"
          + "\"usage\":{\"input_tokens\":100,\"output_tokens\":10}}";
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length());
      ex.getResponseBody().write(body.getBytes(StandardCharsets.UTF_8));
      ex.close();
    });
    upstream.start();
    HttpServer remote = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    AtomicInteger posts = new AtomicInteger();
    remote.createContext("/v1/usage", ex -> {
      ex.getRequestBody().readAllBytes();
      posts.incrementAndGet();
      byte[] body = "{\"error\":\"refused\",\"details\":[]}".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(status, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    remote.start();
    Path config = Files.writeString(dir.resolve("config.json"),
        "{\"proxy\":{\"upstreams\":{\"anthropic\":\"http://127.0.0.1:" + upstream.getAddress().getPort() + "\"}}}");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (SidecarProxy sidecar = SidecarProxy.start("127.0.0.1", 0, config, "http://127.0.0.1:" + remote.getAddress().getPort(),
        null, dir.resolve("sidecar-spool"))) {
      HttpRequest call = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecar.port()
          + "/proxy/anthropic/@pr=5,agent=rex,stage=code/v1/messages"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-5\"}")).build();

      assertThat(http.send(call, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

      Path bad = sidecar.recorder().spool().badFile();
      await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(bad) && Files.readString(bad).contains("msg_r"));
      assertThat(sidecar.recorder().spool().pending()).isZero(); // nothing left to send again
      assertThat(posts.get()).isGreaterThanOrEqualTo(2); // the live attempt, then the replay that set it aside
    } finally {
      remote.stop(0);
      upstream.stop(0);
    }
  }

  private long records() {
    try (JdbcStore store = JdbcStore.openSqlite(dir.resolve("costs.db"))) {
      return store.totals(UsageFilter.pr(null, 5)).records();
    }
  }
}
