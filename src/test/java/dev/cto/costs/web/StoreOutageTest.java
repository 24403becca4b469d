package dev.cto.costs.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL goes away during ingest: 503 with Retry-After, at once once the outage is known,
 * {@code /healthz} answering throughout, nothing acknowledged lost, recovery without restart.
 */
class StoreOutageTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private static EmbeddedPostgres postgres(Path data, int port) throws Exception {
    return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
  }

  @Test
  void clientsGet503WhileTheStoreIsDownAndIngestResumesWhenItIsBack() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path data = dir.resolve("pgdata");
    EmbeddedPostgres pg = postgres(data, port);
    String url = pg.getJdbcUrl("postgres", "postgres");
    Set<String> acked = new HashSet<>();
    CollectorService service = CollectorService.start(new AppOptions(null, url, null), new ServerOptions("127.0.0.1", 0, List.of(), 1 << 20, 1000, 14));
    try {
      Http http = new Http(service.port(), null);
      assertThat(post(http, "before", acked).statusCode()).isEqualTo(200);

      pg.close(); // the database is gone
      long firstStarted = System.nanoTime();
      HttpResponse<String> during = post(http, "during", acked);
      long firstMillis = (System.nanoTime() - firstStarted) / 1_000_000;
      assertThat(during.statusCode()).isEqualTo(503);
      assertThat(during.headers().firstValue("Retry-After")).isPresent();
      assertThat(during.body()).contains("nothing of this request was stored");

      // the store is known down: every further request is refused at once, not after a pool timeout
      // each (10 s before the breaker, so 20 requests took minutes); /healthz never waits on the store
      long slowestMillis = 0;
      for (int i = 0; i < 20; i++) {
        long started = System.nanoTime();
        HttpResponse<String> refused = post(http, "refused-" + i, acked);
        slowestMillis = Math.max(slowestMillis, (System.nanoTime() - started) / 1_000_000);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        long healthStarted = System.nanoTime();
        assertThat(http.get("/healthz").statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - healthStarted) / 1_000_000).as("/healthz ms").isLessThan(100);
      }
      assertThat(slowestMillis).as("slowest refusal (ms); the pool waits 2,000").isLessThan(500);
      System.out.printf("outage: first request refused after %d ms, the next 20 in at most %d ms each%n",
          firstMillis, slowestMillis);
      HttpResponse<String> ready = http.get("/readyz");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(ready.body()).path("store").asText()).isEqualTo("unreachable");

      pg = postgres(data, port); // back, same data, same address: no collector restart
      // the background probe notices within a second or two; clients retry after Retry-After
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
          .until(() -> http.get("/readyz").statusCode() == 200);
      HttpResponse<String> after = post(http, "after", acked);
      assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
      // the client retries what failed: stored once
      assertThat(post(http, "during", acked).statusCode()).isEqualTo(200);

      JsonNode export = JSON.readTree(http.get("/v1/export").body());
      Set<String> stored = new HashSet<>();
      export.forEach(r -> stored.add(r.get("id").asText()));
      assertThat(stored).containsExactlyInAnyOrderElementsOf(acked);
    } finally {
      service.close();
      pg.close();
    }
  }

  private static HttpResponse<String> post(Http http, String prefix, Set<String> acked) throws Exception {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      body.append(Usage.record(prefix + "-" + i, 1, "rex", "claude-sonnet-4-5", 100, 10)).append('\n');
    }
    HttpResponse<String> r = http.post("/v1/usage", "application/x-ndjson", body.toString());
    if (r.statusCode() == 200) {
      for (int i = 0; i < 10; i++) {
        acked.add(prefix + "-" + i);
      }
    }
    return r;
  }
}
