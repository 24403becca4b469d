package dev.cto.costs.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 300 clients send their headers and half a body to {@code /v1/usage}, then stall. Without a cap
 * each holds one of the server's 250 threads until its read timeout, and {@code /healthz} waits
 * behind them; with it, uploads past the cap are refused at once and the probe is answered.
 */
class StalledUploadsTest {

  static final int STALLED = 300;

  @TempDir Path dir;
  private CollectorService service;
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Socket s : sockets) {
      s.close();
    }
    if (service != null) {
      service.close();
    }
  }

  @Test
  void stalledUploadsDoNotStarveHealthz() throws Exception {
    service = CollectorService.start(new AppOptions(dir.resolve("costs.db"), null, null),
        new ServerOptions("127.0.0.1", 0, List.of(), 64 * 1024, 1000, 14));
    int port = service.port();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).timeout(Duration.ofSeconds(5)).build();
    assertThat(client.send(probe, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200); // classes loaded, JIT warm
    for (int i = 0; i < STALLED; i++) {
      sockets.add(RawHttp.stalledUpload(port, "/v1/usage", "application/json", 10_000, 5_000));
    }
    Thread.sleep(2_000); // every upload reached a handler, or was refused

    long started = System.nanoTime();
    HttpResponse<String> health = client.send(probe, HttpResponse.BodyHandlers.ofString());
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.println("healthz behind " + STALLED + " stalled uploads: " + millis + " ms");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(millis).as("ms for /healthz behind %d stalled uploads", STALLED).isLessThan(1_000);
    // the uploads past the cap were told at once why, and when to come back
    int refused = 0;
    for (RawHttp.Response r : RawHttp.answersSoFar(sockets)) {
      if (r.status() == 503) {
        assertThat(r.head()).containsIgnoringCase("Retry-After: 1");
        assertThat(r.body()).contains("too many uploads in progress");
        refused++;
      }
    }
    assertThat(refused).isEqualTo(STALLED - UploadSlots.DEFAULT);
  }
}
