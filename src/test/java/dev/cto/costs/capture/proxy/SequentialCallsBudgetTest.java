package dev.cto.costs.capture.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.cto.costs.budget.Admission;
import dev.cto.costs.budget.BudgetSubject;
import dev.cto.costs.budget.CallBudgets;
import dev.cto.costs.budget.CallShape;
import dev.cto.costs.budget.Ticket;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.web.ProxyServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent's calls one after another against a budget with room for one call at a time: each call
 * leaves the proxy before its usage is read and its hold settled, and the next one arrives the
 * moment the answer did. It must find the previous call settled, never refused for it.
 */
class SequentialCallsBudgetTest {

  private static final String ANSWER = "{\"id\":\"msg_%d\",\"type\":\"message\",\"model\":\"claude-x\",\"content\":[],"
      + "\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}";

  @TempDir Path dir;
  private HttpServer upstream;
  private ProxyServer server;
  private ProxyRecorder recorder;

  /** Room for one call: a second is refused while any ticket is held (not settled or released). */
  private static final class OneAtATime implements CallBudgets {
    final AtomicInteger held = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();

    @Override
    public boolean active() {
      return true;
    }

    @Override
    public Admission admit(BudgetSubject subject, CallShape call) {
      if (held.get() > 0) {
        refused.incrementAndGet();
        dev.cto.costs.domain.Usd one = dev.cto.costs.domain.Usd.of("1");
        return new Admission.Refused("one-at-a-time", Map.of(), null, one, one, one, one, null, null);
      }
      held.incrementAndGet();
      return new Admission.Admitted(new Ticket() {
        private boolean done;

        @Override
        public synchronized void settle(String model, TokenCounts tokens, CompletionStage<?> stored) {
          release();
        }

        @Override
        public synchronized void release() {
          if (!done) {
            done = true;
            held.decrementAndGet();
          }
        }
      }, null);
    }
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (recorder != null) {
      recorder.close();
    }
    if (upstream != null) {
      upstream.stop(0);
    }
  }

  @Test
  void eachCallFindsThePreviousOneSettledThoughItsRecordingIsSlow() throws Exception {
    AtomicInteger answered = new AtomicInteger();
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/v1/messages", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] body = String.format(ANSWER, answered.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    upstream.start();
    ProxySettings settings = ProxySettings.of(Map.of("anthropic", "http://127.0.0.1:" + upstream.getAddress().getPort()),
        dir.resolve("spool.ndjson").toString(), null, dir.resolve("default-spool.ndjson"));
    // each record takes the recording thread 30 ms to hand over: the agent's next call is long there by then
    recorder = new ProxyRecorder(records -> {
      try {
        Thread.sleep(30);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return CompletableFuture.completedFuture(null);
    }, new UsageSpool(dir.resolve("spool.ndjson")), 60_000);
    OneAtATime budgets = new OneAtATime();
    server = new ProxyServer("127.0.0.1", 0, new LlmProxy(() -> settings, recorder, Clock.systemUTC(), budgets)).start();

    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
              + "/proxy/anthropic/v1/messages")).timeout(Duration.ofSeconds(10)).header("x-api-key", "k")
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-x\",\"max_tokens\":5}")).build(),
          HttpResponse.BodyHandlers.ofString());
      statuses.add(r.statusCode());
    }

    assertThat(statuses).as("refused: %d", budgets.refused.get()).containsOnly(200);
    assertThat(answered.get()).isEqualTo(5);
  }
}
