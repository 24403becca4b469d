package dev.cto.costs.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Prometheus scraper reads /metrics with a token of its own, or none, without the API token. */
class MetricsAccessTest {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  @TempDir Path dir;
  private CollectorService service;

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  private void start(MetricsAccess access) {
    service = CollectorService.start(new AppOptions(dir.resolve("costs.db"), null, null),
        new ServerOptions("127.0.0.1", 0, List.of("api-token"), 1 << 20, 1000, 14).withMetricsAccess(access));
  }

  private int status(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
        .timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void theMetricsTokenOpensMetricsAndNothingElse() throws Exception {
    start(new MetricsAccess(List.of("scrape-token"), false));
    assertThat(status("/metrics", "scrape-token")).isEqualTo(200);
    assertThat(status("/metrics", "api-token")).isEqualTo(200);
    assertThat(status("/metrics", null)).isEqualTo(401);
    assertThat(status("/metrics", "wrong")).isEqualTo(401);
    // the scraper's token reads no report and writes nothing
    assertThat(status("/v1/summary", "scrape-token")).isEqualTo(401);
    assertThat(status("/v1/export", "scrape-token")).isEqualTo(401);
  }

  @Test
  void publicMetricsNeedNoTokenWhileTheApiStillDoes() throws Exception {
    start(new MetricsAccess(List.of(), true));
    assertThat(status("/metrics", null)).isEqualTo(200);
    assertThat(status("/v1/summary", null)).isEqualTo(401);
  }

  @Test
  void withoutEitherMetricsTakeTheApiToken() throws Exception {
    start(MetricsAccess.API_TOKEN_ONLY);
    assertThat(status("/metrics", null)).isEqualTo(401);
    assertThat(status("/metrics", "api-token")).isEqualTo(200);
  }
}
