package dev.cto.costs.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
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
import org.junit.jupiter.api.io.TempDir;

/** The {@code proxy} section follows config reloads in {@code serve}, as the rest of the config does. */
class ProxyConfigReloadTest {

  @TempDir Path dir;
  private final AtomicInteger ids = new AtomicInteger();

  private HttpServer upstream(String name) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/messages", ex -> {
      ex.getRequestBody().readAllBytes();
      byte[] body = ("{\"id\":\"msg_" + name + "_" + ids.incrementAndGet() + "\",\"type\":\"message\",\"model\":\"claude-sonnet-4-5\","
          + "\"content\":[],\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}").getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    return server;
  }

  private static String config(HttpServer upstream) {
    return "proxy:\n  upstreams:\n    anthropic: http://127.0.0.1:" + upstream.getAddress().getPort() + "\n";
  }

  @Test
  void aChangedUpstreamAppliesWithoutRestart() throws Exception {
    HttpServer first = upstream("first");
    HttpServer second = upstream("second");
    Path file = Files.writeString(dir.resolve("cost-config.yaml"), config(first));
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (CollectorService service = CollectorService.start(new AppOptions(dir.resolve("costs.db"), null, file),
        new ServerOptions("127.0.0.1", 0, List.of(), 1 << 20, 1000, 14))) {
      HttpRequest call = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port()
              + "/proxy/anthropic/@pr=1,agent=rex,stage=code/v1/messages"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-5\"}")).build();
      assertThat(http.send(call, HttpResponse.BodyHandlers.ofString()).body()).contains("msg_first_");

      Files.writeString(file, config(second));

      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
          .until(() -> http.send(call, HttpResponse.BodyHandlers.ofString()).body().contains("msg_second_"));
    } finally {
      first.stop(0);
      second.stop(0);
    }
  }
}
