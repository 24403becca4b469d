package dev.cto.costs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CostInterceptorTest {

  /** What a provider SDK might return. */
  record FakeResponse(String text, String id, long in, long out, long cacheWrite, long cacheRead) {}

  private static final UsageExtractor<FakeResponse> USAGE =
      r -> CallUsage.of(r.in(), r.out()).withCache(r.cacheWrite(), r.cacheRead()).withRequestId(r.id()).withProvider("anthropic");

  private static final Instant NOW = Instant.parse("2026-09-03T10:15:30Z");

  private final List<UsageRecord> sunk = new CopyOnWriteArrayList<>();
  private final ExecutionContext context = ExecutionContext.builder()
      .repository("5dlabs/cto").prNumber(42).agent("rex").stage("code").iteration(2).taskId("task-7").cli("claude")
      .build();
  private final CostInterceptor interceptor =
      new CostInterceptor(sunk::add, context, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void returnsTheCallsResultAndRecordsItsUsageWithTheContextsAttribution() {
    FakeResponse response = new FakeResponse("hello", "msg_01ABC", 1200, 340, 500, 8000);

    FakeResponse returned = interceptor.intercept("claude-sonnet-4-5", () -> response, USAGE);

    assertThat(returned).isSameAs(response);
    assertThat(sunk).singleElement().satisfies(r -> {
      assertThat(r.id()).isEqualTo("msg_01ABC");
      assertThat(r.requestId()).isEqualTo("msg_01ABC");
      assertThat(r.attribution()).isEqualTo(new Attribution("5dlabs/cto", 42L, "rex", "code", 2, "task-7"));
      assertThat(r.cli()).isEqualTo("claude");
      assertThat(r.model()).isEqualTo("claude-sonnet-4-5");
      assertThat(r.provider()).isEqualTo("anthropic");
      assertThat(r.tokens()).isEqualTo(new TokenCounts(1200, 340, 500, 0, 8000));
      assertThat(r.timestamp()).isEqualTo(NOW);
      assertThat(r.source()).isEqualTo("java-interceptor");
    });
    assertThat(interceptor.recorded()).isEqualTo(1);
    assertThat(interceptor.dropped()).isZero();
  }

  @Test
  void withoutARequestIdTheRecordGetsAFreshUuid() {
    interceptor.intercept("m", () -> new FakeResponse("a", null, 1, 1, 0, 0), USAGE);
    interceptor.intercept("m", () -> new FakeResponse("b", " ", 1, 1, 0, 0), USAGE);

    assertThat(sunk).hasSize(2);
    assertThat(sunk).allSatisfy(r -> {
      assertThat(UUID.fromString(r.id())).isNotNull();
      assertThat(r.requestId()).isNull();
    });
    assertThat(sunk.get(0).id()).isNotEqualTo(sunk.get(1).id());
  }

  @Test
  void theCallsExceptionPassesThroughUnchangedAndNothingIsRecorded() {
    IOException failure = new IOException("connection reset by provider");

    assertThatThrownBy(() -> interceptor.intercept("m", () -> {
      throw failure;
    }, USAGE)).isSameAs(failure);
    IllegalStateException unchecked = new IllegalStateException("rate limited");
    assertThatThrownBy(() -> interceptor.intercept("m", () -> {
      throw unchecked;
    }, USAGE)).isSameAs(unchecked);

    assertThat(sunk).isEmpty();
    assertThat(interceptor.recorded()).isZero();
  }

  @Test
  void aThrowingSinkNeverFailsTheCallAndIsCountedAsADrop() {
    CostInterceptor broken = new CostInterceptor(r -> {
      throw new IllegalStateException("collector unreachable");
    }, context);

    String result = broken.intercept("m", () -> "the answer", r -> CallUsage.of(10, 5));

    assertThat(result).isEqualTo("the answer");
    assertThat(broken.dropped()).isEqualTo(1);
    assertThat(broken.recorded()).isZero();
  }

  @Test
  void anExtractorThatFailsOrFindsNoUsageNeverFailsTheCall() {
    String a = interceptor.intercept("m", () -> "a", r -> {
      throw new NullPointerException("response has no usage block");
    });
    String b = interceptor.intercept("m", () -> "b", r -> null);

    assertThat(a).isEqualTo("a");
    assertThat(b).isEqualTo("b");
    assertThat(sunk).isEmpty();
    assertThat(interceptor.dropped()).isEqualTo(2);
  }

  @Test
  void usageTheCollectorWouldRefuseIsDroppedHereNotSentInABatch() {
    String longId = "x".repeat(201);

    String result = interceptor.intercept("m", () -> "ok", r -> CallUsage.of(1, 1).withRequestId(longId));
    boolean blankModel = interceptor.record(" ", CallUsage.of(1, 1));

    assertThat(result).isEqualTo("ok");
    assertThat(blankModel).isFalse();
    assertThat(sunk).isEmpty();
    assertThat(interceptor.dropped()).isEqualTo(2);
  }

  @Test
  void recordsDirectlyInAnyContextAndDerivedInterceptorsShareTheCounters() {
    ExecutionContext qa = context.withAgent("tess").withStage("qa").withIteration(3);

    boolean taken = interceptor.record(qa, "gpt-5", new TokenCounts(100, 20, 0, 0, 60), "chatcmpl-9");
    interceptor.withContext(qa).intercept("gpt-5", () -> "r", r -> CallUsage.of(7, 3));

    assertThat(taken).isTrue();
    assertThat(sunk).hasSize(2).allSatisfy(r -> {
      assertThat(r.attribution()).isEqualTo(new Attribution("5dlabs/cto", 42L, "tess", "qa", 3, "task-7"));
      assertThat(r.model()).isEqualTo("gpt-5");
    });
    assertThat(sunk.get(0).id()).isEqualTo("chatcmpl-9");
    assertThat(sunk.get(0).tokens().cacheRead()).isEqualTo(60);
    assertThat(interceptor.recorded()).isEqualTo(2);
  }
}
