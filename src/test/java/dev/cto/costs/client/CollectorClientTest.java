package dev.cto.costs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one {@code POST /v1/usage} client classifies every answer so that callers know what to do. */
class CollectorClientTest {

  private static final byte[] RECORD = "{\"id\":\"r1\"}\n".getBytes(StandardCharsets.UTF_8);

  private ScriptedCollector collector;
  private CollectorClient client;

  @BeforeEach
  void start() throws Exception {
    collector = new ScriptedCollector();
    client = client(collector.url(), "s3cret");
  }

  @AfterEach
  void stop() {
    collector.close();
  }

  private static CollectorClient client(String url, String token) {
    return new CollectorClient(CollectorClient.endpoint(url + "/"), token, Duration.ofSeconds(2), Duration.ofSeconds(5), Clock.systemUTC());
  }

  private CollectorClient.Answer post() throws Exception {
    return client.post(RECORD, UsageJson.CONTENT_TYPE, "client");
  }

  @Test
  void aCommittedAnswerIsParsedWithBearerAuth() throws Exception {
    collector.then(ScriptedCollector.status(200, "{\"accepted\":1,\"duplicates\":1,\"records\":["
        + "{\"id\":\"a\",\"cost_usd\":0.012345,\"priced\":true,\"duplicate\":false},"
        + "{\"id\":\"b\",\"cost_usd\":0,\"priced\":false,\"duplicate\":true}]}"));

    CollectorClient.Answer answer = post();

    assertThat(answer.accepted()).isEqualTo(1);
    assertThat(answer.duplicates()).isEqualTo(1);
    assertThat(answer.records()).containsExactly(
        new CollectorClient.RecordAnswer("a", false, true, new BigDecimal("0.012345")),
        new CollectorClient.RecordAnswer("b", true, false, new BigDecimal("0")));
    assertThat(collector.received().get(0).authorization()).isEqualTo("Bearer s3cret");
    assertThat(collector.received().get(0).contentType()).isEqualTo(UsageJson.CONTENT_TYPE);
  }

  @Test
  void invalidRecordsAreRefusedWithTheServersDetails() {
    collector.then(ScriptedCollector.status(400, "{\"error\":\"1 invalid record\",\"details\":["
        + "{\"index\":0,\"line\":1,\"field\":\"model\",\"message\":\"is required\"}]}"));

    assertThatThrownBy(this::post).isInstanceOfSatisfying(CollectorException.Refused.class, e -> {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.getMessage()).isEqualTo("1 invalid record");
      assertThat(e.details()).containsExactly(new CollectorException.Detail(0, 1, "model", "is required"));
    });
  }

  @Test
  void theStoresRefusalIsRefusedToo() {
    collector.then(ScriptedCollector.status(422, "{\"error\":\"the store refused a value\",\"details\":[]}"));

    assertThatThrownBy(this::post).isInstanceOf(CollectorException.Refused.class).hasMessage("the store refused a value");
  }

  @Test
  void authTooLargeAndOtherAnswersHaveTheirOwnTypes() {
    collector.then(ScriptedCollector.status(401, "{\"error\":\"missing bearer token\"}"))
        .then(ScriptedCollector.status(413, "{\"error\":\"too many records\"}"))
        .then(ScriptedCollector.status(404, "<html>not here</html>"));

    assertThatThrownBy(this::post).isInstanceOf(CollectorException.Unauthorized.class).hasMessage("missing bearer token");
    assertThatThrownBy(this::post).isInstanceOf(CollectorException.TooLarge.class);
    assertThatThrownBy(this::post).isExactlyInstanceOf(CollectorException.class)
        .hasMessage("<html>not here</html>").extracting(e -> ((CollectorException) e).status()).isEqualTo(404);
  }

  @Test
  void busyAndUnavailableAreTryLaterWithRetryAfter() {
    collector.then(ScriptedCollector.status(429, "{\"error\":\"overloaded\"}", "Retry-After", "3"))
        .then(ScriptedCollector.status(503, "{\"error\":\"store_unavailable\"}"));

    assertThatThrownBy(this::post).isInstanceOfSatisfying(CollectorException.TryLater.class,
        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(3)));
    assertThatThrownBy(this::post).isInstanceOfSatisfying(CollectorException.TryLater.class, e -> {
      assertThat(e.status()).isEqualTo(503);
      assertThat(e.retryAfter()).isEmpty();
    });
  }

  @Test
  void aCollectorThatCannotBeReachedIsTryLater() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    CollectorClient nowhere = client("http://127.0.0.1:" + closedPort, null);

    assertThatThrownBy(() -> nowhere.post(RECORD, UsageJson.CONTENT_TYPE, "client"))
        .isInstanceOfSatisfying(CollectorException.TryLater.class, e -> assertThat(e.status()).isZero());
  }

  @Test
  void theAsyncPathFailsWithTheSameClassification() {
    collector.then(ScriptedCollector.status(422, "{\"error\":\"rejected_by_store\"}"));

    assertThatThrownBy(() -> client.postAsync(RECORD, UsageJson.CONTENT_TYPE, "proxy").get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(CollectorException.Refused.class);
  }

  @Test
  void theEndpointIgnoresTrailingSlashes() {
    assertThat(CollectorClient.endpoint("http://costs:8080//")).isEqualTo(URI.create("http://costs:8080/v1/usage"));
  }
}
