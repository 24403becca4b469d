package dev.cto.costs.capture.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.web.ServerOptions;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cost_proxy_overhead_seconds}: one observation per call that reached its upstream, and
 * the upstream's own time left out. The fake streams its events with a pause before each, so the
 * upstream takes at least that long; the overhead recorded must be below what the client waited
 * minus those pauses (no timing bound on the proxy itself, which a loaded machine would break).
 */
class ProxyOverheadTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void overheadExcludesTheUpstreamAndIsRecordedOnlyForCallsThatReachedIt() throws Exception {
    int dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = s.getLocalPort();
    }
    try (FakeProviderServer fake = FakeProviderServer.start()) {
      Path config = Files.writeString(dir.resolve("cost-config.yaml"), """
          proxy:
            upstreams: {anthropic: "%s", openai: "http://127.0.0.1:%d"}
            spool: "%s"
          """.formatted(fake.anthropicBaseUrl(), dead, dir.resolve("spool.ndjson")));
      try (CollectorService service = CollectorService.start(new AppOptions(dir.resolve("costs.db"), null, config),
          new ServerOptions("127.0.0.1", 0, List.of(), 1 << 20, 1000, 14))) {
        String base = "http://127.0.0.1:" + service.port();
        // a first call warms up both ends (classes, connections): the measured call then waits mostly on the upstream
        assertThat(anthropic(base, "{\"model\":\"claude-fake-json\",\"max_tokens\":8,\"messages\":[]}").statusCode())
            .isEqualTo(200);
        String before = metrics(base);
        assertThat(before).contains("cost_proxy_overhead_seconds_count{provider=\"anthropic\"} 1");
        long started = System.nanoTime();
        HttpResponse<String> streamed = anthropic(base,
            "{\"model\":\"claude-fake-stream\",\"max_tokens\":8,\"stream\":true,\"messages\":[]}");
        double clientWaited = (System.nanoTime() - started) / 1e9;
        assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(200);
        // the unreachable OpenAI upstream: a 502 the proxy answers itself, no overhead observation
        HttpResponse<String> unreachable = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/proxy/openai/v1/chat/completions"))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\"}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(unreachable.statusCode()).isEqualTo(502);

        String after = metrics(base);
        double upstreamAtLeast = (AnthropicWire.events(Scenario.ANTHROPIC_STREAM).size() - 1)
            * FakeProviderServer.EVENT_PAUSE.toMillis() / 1000.0;
        assertThat(clientWaited).isGreaterThan(upstreamAtLeast);
        assertThat(after).contains("cost_proxy_overhead_seconds_count{provider=\"anthropic\"} 2")
            .doesNotContain("cost_proxy_overhead_seconds_count{provider=\"openai\"}");
        String sum = "cost_proxy_overhead_seconds_sum{provider=\"anthropic\"}";
        double overhead = value(after, sum) - value(before, sum);
        assertThat(overhead).isPositive().isLessThan(clientWaited - upstreamAtLeast);
      }
    }
  }

  private static HttpResponse<String> anthropic(String base, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/proxy/anthropic/v1/messages"))
        .header("x-api-key", "k").header("anthropic-version", "2023-06-01").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String metrics(String base) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static double value(String exposition, String series) {
    Matcher m = Pattern.compile(Pattern.quote(series) + " ([0-9.eE+-]+)").matcher(exposition);
    assertThat(m.find()).as(series + " in\n" + exposition).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
