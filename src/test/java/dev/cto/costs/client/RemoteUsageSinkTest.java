package dev.cto.costs.client;

import static dev.cto.costs.client.ScriptedCollector.dropConnection;
import static dev.cto.costs.client.ScriptedCollector.stallUntil;
import static dev.cto.costs.client.ScriptedCollector.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sink against a scripted collector on 127.0.0.1: batching, retries, refusals, back-pressure. */
class RemoteUsageSinkTest {

  private ScriptedCollector collector;
  private RemoteUsageSink sink;
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    if (sink != null) {
      sink.close();
    }
    if (collector != null) {
      collector.close();
    }
  }

  private RemoteSinkOptions options() {
    return RemoteSinkOptions.forCollector(collector.url())
        .withRetries(5, Duration.ofMillis(10), Duration.ofSeconds(5))
        .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30));
  }

  static UsageRecord usage(int i) {
    return new UsageRecord("rec-" + i, new Attribution("5dlabs/cto", 42L, "rex", "code", 1, null), "claude",
        "claude-sonnet-4-5", "anthropic", new TokenCounts(1000 + i, i, 0, 0, 0), null, "req-" + i,
        Instant.parse("2026-09-03T10:00:00Z"), CostInterceptor.SOURCE);
  }

  private void send(int from, int to) {
    IntStream.range(from, to).forEach(i -> sink.accept(usage(i)));
  }

  private static List<String> ids(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> "rec-" + i).toList();
  }

  @Test
  void manyRecordsTravelInFewNdjsonRequestsWithTheBearerToken() throws Exception {
    collector = new ScriptedCollector();
    // full batches leave at once; the long linger makes flush, not the clock, send the last one
    sink = new RemoteUsageSink(options().withBearerToken("s3cret").withBatching(500, Duration.ofSeconds(10)));

    send(0, 1200);

    assertThat(sink.flush()).isTrue();
    assertThat(collector.receivedIds()).containsExactlyElementsOf(ids(0, 1200));
    assertThat(collector.received()).extracting(r -> r.records().size()).containsExactly(500, 500, 200);
    assertThat(collector.received()).allSatisfy(r -> {
      assertThat(r.authorization()).isEqualTo("Bearer s3cret");
      assertThat(r.contentType()).isEqualTo("application/x-ndjson");
    });
    assertThat(sink.stats()).isEqualTo(new SinkStats(1200, 0, 0, 0, 0));
  }

  @Test
  void noTokenConfiguredMeansNoAuthorizationHeader() throws Exception {
    collector = new ScriptedCollector();
    sink = new RemoteUsageSink(options());

    send(0, 1);

    assertThat(sink.flush()).isTrue();
    assertThat(collector.received()).singleElement().satisfies(r -> assertThat(r.authorization()).isNull());
  }

  @Test
  void a503IsRetriedNoSoonerThanItsRetryAfter() throws Exception {
    collector = new ScriptedCollector().then(status(503, "{\"error\":\"the store cannot commit\"}", "Retry-After", "1"));
    sink = new RemoteUsageSink(options().withBatching(100, Duration.ofMillis(20)));

    send(0, 10);

    assertThat(sink.flush()).isTrue();
    List<ScriptedCollector.Received> requests = collector.received();
    assertThat(requests).hasSize(2);
    assertThat(requests.get(1).ids()).isEqualTo(requests.get(0).ids()).isEqualTo(ids(0, 10));
    // the backoff is 10 ms: only the header explains a wait of a second
    assertThat(Duration.ofNanos(requests.get(1).arrivedNanos() - requests.get(0).arrivedNanos()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(sink.stats()).isEqualTo(new SinkStats(10, 10, 0, 0, 0));
  }

  @Test
  void networkErrorsAnd429AreRetriedWithBackoff() throws Exception {
    collector = new ScriptedCollector().then(dropConnection()).then(status(429, "{\"error\":\"overloaded\"}"));
    sink = new RemoteUsageSink(options().withBatching(100, Duration.ofMillis(20)));

    send(0, 3);

    assertThat(sink.flush()).isTrue();
    assertThat(collector.received()).hasSize(3);
    assertThat(sink.stats()).isEqualTo(new SinkStats(3, 6, 0, 0, 0));
  }

  @Test
  void a400IsNotRetriedItsRecordsAreCountedRejectedAndTheSinkCarriesOn() throws Exception {
    collector = new ScriptedCollector()
        .then(status(400, "{\"error\":\"invalid usage record, nothing stored: records[0]: agent: is required\"}"));
    sink = new RemoteUsageSink(options().withBatching(100, Duration.ofMillis(20)));

    send(0, 3);
    assertThat(sink.flush()).isTrue();
    send(3, 4);
    assertThat(sink.flush()).isTrue();

    assertThat(collector.received()).extracting(ScriptedCollector.Received::ids)
        .containsExactly(ids(0, 3), ids(3, 4));
    assertThat(sink.stats()).isEqualTo(new SinkStats(1, 0, 3, 0, 0));
  }

  @Test
  void aRecordTheCollectorWouldRefuseCannotReachTheSinkToSpoilABatch() {
    UsageRecord good = usage(1);

    // the record checks the collector's rules itself: no batch can carry one it would refuse
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new UsageRecord("bad", good.attribution(), null,
            "m".repeat(201), null, good.tokens(), null, null, good.timestamp(), CostInterceptor.SOURCE))
        .isInstanceOf(dev.cto.costs.domain.InvalidRecordException.class)
        .hasMessage("model: must be at most 200 characters, was 201");
  }

  @Test
  void retriesEndAfterMaxAttemptsAndTheBatchIsCountedDropped() throws Exception {
    collector = new ScriptedCollector(status(503, "{\"error\":\"down\"}"));
    sink = new RemoteUsageSink(options().withRetries(3, Duration.ofMillis(10), Duration.ofMillis(50)));

    send(0, 4);

    assertThat(sink.flush()).isTrue();
    assertThat(collector.received()).hasSize(3);
    assertThat(sink.stats()).isEqualTo(new SinkStats(0, 8, 0, 4, 0));
  }

  @Test
  void a413SplitsTheBatchUntilItFits() throws Exception {
    collector = new ScriptedCollector((exchange, body) -> {
      long lines = new String(body, java.nio.charset.StandardCharsets.UTF_8).lines().count();
      status(lines > 2 ? 413 : 200, "{\"error\":\"too large\"}").answer(exchange, body);
    });
    sink = new RemoteUsageSink(options().withBatching(8, Duration.ofSeconds(5)));

    send(0, 8);

    assertThat(sink.flush()).isTrue();
    assertThat(collector.received()).filteredOn(r -> r.records().size() <= 2)
        .flatExtracting(ScriptedCollector.Received::ids).containsExactlyElementsOf(ids(0, 8));
    assertThat(sink.stats()).isEqualTo(new SinkStats(8, 0, 0, 0, 0));
  }

  @Test
  void whenTheCollectorStallsTheQueueStaysBoundedAndAcceptNeverBlocks() throws Exception {
    collector = new ScriptedCollector().then(stallUntil(release));
    // a full batch leaves at once; the long linger keeps partial batches from muddying the count
    sink = new RemoteUsageSink(options().withBatching(5, Duration.ofSeconds(5)).withQueue(10, Duration.ZERO));

    send(0, 5);
    await().atMost(Duration.ofSeconds(10)).until(() -> collector.received().size() == 1);
    long started = System.nanoTime();
    send(5, 30);
    Duration acceptTook = Duration.ofNanos(System.nanoTime() - started);

    assertThat(acceptTook).isLessThan(Duration.ofSeconds(1));
    assertThat(sink.stats()).isEqualTo(new SinkStats(0, 0, 0, 15, 15));
    release.countDown();
    assertThat(sink.flush()).isTrue();
    assertThat(collector.receivedIds()).containsExactlyElementsOf(ids(0, 15));
    assertThat(sink.stats()).isEqualTo(new SinkStats(15, 0, 0, 15, 0));
  }

  @Test
  void closeGivesUpAfterItsTimeoutAndCountsWhatItCouldNotSend() throws Exception {
    collector = new ScriptedCollector().then(stallUntil(release));
    sink = new RemoteUsageSink(options().withBatching(5, Duration.ofSeconds(5))
        .withTimeouts(Duration.ofSeconds(30), Duration.ofMillis(300)));
    send(0, 5);
    await().atMost(Duration.ofSeconds(10)).until(() -> collector.received().size() == 1);
    send(5, 8);

    long started = System.nanoTime();
    sink.close();
    Duration closeTook = Duration.ofNanos(System.nanoTime() - started);
    sink.accept(usage(99));

    assertThat(closeTook).isBetween(Duration.ofMillis(300), Duration.ofSeconds(5));
    assertThat(sink.stats()).isEqualTo(new SinkStats(0, 0, 0, 9, 0));
  }
}
