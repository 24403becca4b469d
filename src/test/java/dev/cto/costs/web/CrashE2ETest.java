package dev.cto.costs.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged data is never lost and never counted twice: clients post concurrently, the server
 * process is killed with SIGKILL at a random moment, restarted, and every acknowledged id must be
 * stored exactly once. Several rounds on one database; then on PostgreSQL; then a SIGTERM round.
 */
class CrashE2ETest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CLIENTS = 6;
  private static final int BATCH = 20;
  @TempDir Path dir;

  @Test
  void killNineNeverLosesAnAcknowledgedRecordOnSqlite() throws Exception {
    String[] store = {"--db", dir.resolve("costs.db").toString()};
    Set<String> acked = new HashSet<>();
    Random random = new Random(42);
    for (int round = 0; round < 4; round++) {
      try (ServerProcess server = ServerProcess.start(dir, Map.of(), store)) {
        acked.addAll(loadThenKill(server, "sqlite" + round, 300 + random.nextInt(1200), true));
      }
    }
    verify(store, acked);
  }

  @Test
  void killNineNeverLosesAnAcknowledgedRecordOnPostgres() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      String[] store = {"--db-url", pg.getJdbcUrl("postgres", "postgres")};
      Set<String> acked = new HashSet<>();
      Random random = new Random(7);
      for (int round = 0; round < 2; round++) {
        try (ServerProcess server = ServerProcess.start(dir, Map.of(), store)) {
          acked.addAll(loadThenKill(server, "pg" + round, 500 + random.nextInt(1000), true));
        }
      }
      verify(store, acked);
    }
  }

  @Test
  void sigtermDrainsAndCommitsWhatWasAcknowledged() throws Exception {
    String[] store = {"--db", dir.resolve("graceful.db").toString()};
    Set<String> acked;
    try (ServerProcess server = ServerProcess.start(dir, Map.of(), store)) {
      acked = loadThenKill(server, "term", 800, false);
    }
    verify(store, acked);
  }

  /** Clients post until the server dies; returns the ids the server acknowledged with 200. */
  private Set<String> loadThenKill(ServerProcess server, String round, int killAfterMillis, boolean sigkill) throws Exception {
    Set<String> acked = ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      running.add(clients.submit(() -> {
        Http http = new Http(server.port, null);
        for (int seq = 0; !stop.get() && seq < 100_000; seq++) {
          List<String> ids = new ArrayList<>();
          StringBuilder body = new StringBuilder();
          for (int i = 0; i < BATCH; i++) {
            String id = round + "-" + client + "-" + seq + "-" + i;
            ids.add(id);
            body.append(Usage.record(id, 1 + client, "agent" + client, "claude-sonnet-4-5", 100 + i, 10)).append('\n');
          }
          try {
            HttpResponse<String> r = http.post("/v1/usage", "application/x-ndjson", body.toString());
            if (r.statusCode() == 200) {
              JsonNode result = JSON.readTree(r.body());
              assertThat(result.get("accepted").asInt()).isEqualTo(BATCH);
              acked.addAll(ids);
            }
          } catch (Exception connectionGone) {
            return null;
          }
        }
        return null;
      }));
    }
    // the random moment counts from the first acknowledgement: on a loaded machine the server may
    // take longer than the whole delay to answer its first request, and a kill before any ack
    // proves nothing
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> !acked.isEmpty());
    Thread.sleep(killAfterMillis);
    if (sigkill) {
      server.kill9();
    } else {
      assertThat(server.terminate()).isIn(0, 143);
    }
    stop.set(true);
    clients.shutdown();
    assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    for (Future<?> client : running) {
      client.get(); // a client's failed assertion (a partial accept) fails the test here
    }
    assertThat(acked).as("round " + round + " acknowledged something before the kill").isNotEmpty();
    return acked;
  }

  private void verify(String[] store, Set<String> acked) throws Exception {
    try (ServerProcess server = ServerProcess.start(dir, Map.of(), store)) {
      Http http = new Http(server.port, null);
      JsonNode export = JSON.readTree(http.get("/v1/export").body());
      Map<String, Integer> stored = new HashMap<>();
      export.forEach(r -> stored.merge(r.get("id").asText(), 1, Integer::sum));
      assertThat(stored.keySet()).containsAll(acked);
      assertThat(stored.values()).allMatch(n -> n == 1);
      // the reports agree with the records: each record has 10 output tokens
      long outputTokens = JSON.readTree(http.get("/v1/summary?since=2000-01-01").body()).get("total_output_tokens").asLong();
      assertThat(outputTokens).isEqualTo(10L * stored.size());
      // clients retrying everything they were told was stored: all duplicates, nothing counted twice
      StringBuilder resend = new StringBuilder();
      acked.stream().limit(500).forEach(id -> resend.append(Usage.record(id, 1, "agent0", "claude-sonnet-4-5", 100, 10)).append('\n'));
      JsonNode again = JSON.readTree(http.post("/v1/usage", "application/x-ndjson", resend.toString()).body());
      assertThat(again.get("accepted").asInt()).isZero();
    }
  }
}
