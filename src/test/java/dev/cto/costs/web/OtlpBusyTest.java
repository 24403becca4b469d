package dev.cto.costs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector too busy to take an export: every upload slot is held by a slow OTLP upload. A trace
 * export is then told what a log export is told (503 with Retry-After: 1, which OTLP exporters
 * retry), nothing of it is stored, and the same export is stored once the slots are free again.
 * (The writer queue's own 429 sits behind this: with the default limits a full set of slots cannot
 * fill it over HTTP.)
 */
class OtlpBusyTest {

  private static final String SPAN = """
      {"resourceSpans":[{"resource":{"attributes":[{"key":"cto.agent","value":{"stringValue":"cleo"}}]},
        "scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"chat",
          "endTimeUnixNano":"1790000001000000000",
          "attributes":[{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},
            {"key":"gen_ai.response.id","value":{"stringValue":"chatcmpl-busy"}},
            {"key":"gen_ai.usage.input_tokens","value":{"intValue":"10"}},
            {"key":"gen_ai.usage.output_tokens","value":{"intValue":"5"}}]}]}]}]}
      """;
  private static final String LOG = """
      {"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"1790000000000000000",
        "body":{"stringValue":"claude_code.api_request"},
        "attributes":[{"key":"event.name","value":{"stringValue":"api_request"}},
          {"key":"model","value":{"stringValue":"claude-sonnet-4-5"}},
          {"key":"request_id","value":{"stringValue":"req_busy"}},
          {"key":"input_tokens","value":{"intValue":"10"}}]}]}]}]}
      """;

  @TempDir Path dir;
  private CollectorService service;
  private final List<Socket> stalled = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Socket s : stalled) {
      s.close();
    }
    if (service != null) {
      service.close();
    }
  }

  @Test
  void aBusyCollectorAnswersTracesAsLogsAndTheRetryIsStored() throws Exception {
    service = CollectorService.start(new AppOptions(dir.resolve("costs.db"), null, null),
        new ServerOptions("127.0.0.1", 0, List.of(), 1 << 20, 1000, 14));
    int port = service.port();
    for (int i = 0; i < UploadSlots.DEFAULT; i++) {
      String path = i % 2 == 0 ? "/v1/traces" : "/v1/logs";
      stalled.add(RawHttp.stalledUpload(port, path, "application/json", 10_000, 5_000));
    }
    Thread.sleep(2_000); // as in StalledUploadsTest: every stalled upload reached its handler
    // to be sure every slot is taken, probe with an export of no spans (nothing to store) until it
    // is refused, then send the real one
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
        .until(() -> post(port, "/v1/traces", "{}").status() == 503);
    RawHttp.Response traces = post(port, "/v1/traces", SPAN);
    RawHttp.Response logs = post(port, "/v1/logs", LOG);

    assertThat(traces.status()).isEqualTo(503);
    assertThat(logs.status()).isEqualTo(503);
    assertThat(traces.head()).containsIgnoringCase("Retry-After: 1");
    assertThat(logs.head()).containsIgnoringCase("Retry-After: 1");
    assertThat(traces.body()).isEqualTo(logs.body()).contains("too many uploads in progress");
    assertThat(export(port)).doesNotContain("chatcmpl-busy");

    for (Socket s : stalled) {
      s.close(); // the slow uploads give up: their slots come free
    }
    RawHttp.Response retried = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> post(port, "/v1/traces", SPAN), r -> r.status() != 503);
    assertThat(retried.status()).as(retried.body()).isEqualTo(200);
    assertThat(post(port, "/v1/traces", SPAN).status()).isEqualTo(200);
    String export = export(port);
    assertThat(export.split("chatcmpl-busy", -1)).as("stored once: %s", export).hasSize(2);
  }

  private static RawHttp.Response post(int port, String path, String body) throws Exception {
    return RawHttp.exchange(port, "POST", path, "127.0.0.1:" + port, "application/json", body);
  }

  private static String export(int port) throws Exception {
    return RawHttp.exchange(port, "GET", "/v1/export?since=2020-01-01", "127.0.0.1:" + port, null, null).body();
  }
}
