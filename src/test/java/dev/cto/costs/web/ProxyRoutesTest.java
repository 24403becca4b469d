package dev.cto.costs.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy is served in front of the app's servlet, so the checks the servlet's filters and
 * {@code before} handler make on every other route are made on {@code /proxy/*} by the proxy's
 * own handler: these tests hold it to the same answers.
 */
class ProxyRoutesTest {

  private static final String CALL = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5}";

  @TempDir Path dir;
  private CollectorService service;
  private final List<Socket> sockets = new ArrayList<>();

  private int start(List<String> tokens) {
    service = CollectorService.start(new AppOptions(dir.resolve("costs.db"), null, null),
        new ServerOptions("127.0.0.1", 0, tokens, 64 * 1024, 1000, 14));
    return service.port();
  }

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
  void withoutATokenAProxiedCallForAnotherHostNameIsRefusedBeforeAnythingGoesUpstream() throws Exception {
    int port = start(List.of());

    for (String host : List.of("evil.example", "evil.example:" + port, "127.0.0.1.nip.io:" + port)) {
      RawHttp.Response refused = RawHttp.exchange(port, "POST", "/proxy/anthropic/v1/messages", host, "application/json",
          CALL, "x-api-key", "sk-test");
      assertThat(refused.status()).as(host).isEqualTo(421);
      assertThat(refused.head()).containsIgnoringCase("Content-Type: application/json");
      assertThat(refused.body()).as(host).contains("is not a loopback name").contains("COST_API_TOKEN");
    }
    // a loopback name passes the check and reaches the proxy, which names what is wrong with the path
    RawHttp.Response passed = RawHttp.exchange(port, "POST", "/proxy/nosuchprovider/v1/messages", "localhost:" + port,
        "application/json", CALL);
    assertThat(passed.status()).isEqualTo(400);
    assertThat(passed.body()).contains("cto_proxy_error").doesNotContain("loopback");
  }

  @Test
  void withATokenAProxiedCallNeedsItInXCtoTokenAndNotInAuthorization() throws Exception {
    int port = start(List.of("s3cret"));
    String host = "costs.internal.example:8080"; // any name, with a token

    RawHttp.Response missing = RawHttp.exchange(port, "POST", "/proxy/anthropic/v1/messages", host, "application/json",
        CALL, "Authorization", "Bearer s3cret");
    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.body()).contains("missing X-CTO-Token header");
    RawHttp.Response wrong = RawHttp.exchange(port, "POST", "/proxy/anthropic/v1/messages", host, "application/json",
        CALL, "X-CTO-Token", "guess");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body()).contains("invalid X-CTO-Token");
    // the right token (spaces around it trimmed, as on the other routes) lets the call reach the proxy
    RawHttp.Response passed = RawHttp.exchange(port, "POST", "/proxy/nosuchprovider/v1/messages", host,
        "application/json", CALL, "X-CTO-Token", " s3cret ");
    assertThat(passed.status()).isEqualTo(400);
    assertThat(passed.body()).contains("cto_proxy_error");
    // every other route still asks for the bearer token
    assertThat(RawHttp.exchange(port, "GET", "/v1/export", host, null, null, "X-CTO-Token", "s3cret").status())
        .isEqualTo(401);
  }

  @Test
  void proxiedUploadsShareTheServersUploadSlotsAndThoseOverTheCapAreToldToComeBack() throws Exception {
    int port = start(List.of());
    int stalled = UploadSlots.DEFAULT + 4;
    for (int i = 0; i < stalled; i++) {
      sockets.add(RawHttp.stalledUpload(port, "/proxy/anthropic/v1/messages", "application/json", 10_000, 5_000));
    }
    Thread.sleep(2_000); // every upload reached the proxy, or was refused

    int refused = 0;
    for (RawHttp.Response r : RawHttp.answersSoFar(sockets)) {
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.head()).containsIgnoringCase("Retry-After: 1").containsIgnoringCase("Connection: close");
      assertThat(r.body()).contains("too many uploads in progress").contains("cto_proxy_error");
      refused++;
    }
    assertThat(refused).isEqualTo(stalled - UploadSlots.DEFAULT);
    assertThat(RawHttp.exchange(port, "GET", "/healthz", "127.0.0.1:" + port, null, null).status()).isEqualTo(200);
  }

  @Test
  void methodsTheProvidersDoNotUseAreLeftToTheAppsRoutes() throws Exception {
    int port = start(List.of());

    RawHttp.Response options = RawHttp.exchange(port, "OPTIONS", "/proxy/anthropic/v1/messages", "127.0.0.1:" + port,
        null, null);

    assertThat(options.body()).doesNotContain("cto_proxy_error");
    assertThat(options.status()).isNotEqualTo(200).isLessThan(500);
  }
}
