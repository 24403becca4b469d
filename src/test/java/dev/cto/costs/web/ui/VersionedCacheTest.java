package dev.cto.costs.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The overview's cache: answers live as long as the data version, and a racing write is never served as current. */
class VersionedCacheTest {

  private final AtomicLong version = new AtomicLong(1);
  private final AtomicInteger computed = new AtomicInteger();
  private final VersionedCache<String, String> cache = new VersionedCache<>(version::get, 2);

  private String answer(String key) {
    return cache.get(key, () -> key + "@" + version.get() + "#" + computed.incrementAndGet());
  }

  @Test
  void anAnswerIsKeptUntilTheDataVersionMoves() {
    assertThat(answer("october")).isEqualTo("october@1#1");
    assertThat(answer("october")).isEqualTo("october@1#1");
    version.incrementAndGet(); // a record was stored
    assertThat(answer("october")).isEqualTo("october@2#2");
    assertThat(computed).hasValue(2);
  }

  @Test
  void theLeastRecentlyUsedGoesFirstBeyondTheCapacity() {
    answer("a");
    answer("b");
    answer("a");
    answer("c"); // evicts b, the least recently used
    assertThat(answer("a")).isEqualTo("a@1#1");
    assertThat(answer("b")).isEqualTo("b@1#4");
  }

  @Test
  void anAnswerComputedWhileARecordArrivesIsNotKeptAsCurrent() {
    String racing = cache.get("october", () -> {
      version.incrementAndGet(); // stored while the answer was being computed
      return "stale";
    });
    assertThat(racing).isEqualTo("stale"); // this caller asked before the write: its answer is fine for it
    assertThat(answer("october")).isEqualTo("october@2#1");
  }

  private static final Duration LIVE = Duration.ofMillis(50);

  @Test
  void aLiveRefreshAfterAWriteGetsTheLastAnswerMarkedStaleWhileTheNewOneIsComputed() throws Exception {
    assertThat(answer("october")).isEqualTo("october@1#1");
    version.incrementAndGet(); // a record was stored
    CountDownLatch slow = new CountDownLatch(1);
    long started = System.nanoTime();
    VersionedCache.Answer<String> live = cache.get("october", () -> {
      await(slow);
      return "october@" + version.get() + "#" + computed.incrementAndGet();
    }, LIVE);
    assertThat(live).isEqualTo(new VersionedCache.Answer<>("october@1#1", true));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    slow.countDown();
    // the computation went on without the caller: a plain request gets its answer, computed once
    assertThat(cache.get("october", () -> "computed again", null)).isEqualTo(new VersionedCache.Answer<>("october@2#2", false));
    assertThat(answer("october")).isEqualTo("october@2#2");
    assertThat(computed).hasValue(2);
  }

  @Test
  void aLiveRefreshGetsTheNewAnswerWhenItIsReadyInTime() {
    answer("october");
    version.incrementAndGet();
    assertThat(cache.get("october", () -> "october@2", LIVE)).isEqualTo(new VersionedCache.Answer<>("october@2", false));
  }

  @Test
  void aNavigationAfterAWriteWaitsForTheCurrentAnswerEvenWhileARefreshServesTheOldOne() throws Exception {
    answer("october");
    version.incrementAndGet();
    CountDownLatch slow = new CountDownLatch(1);
    assertThat(cache.get("october", () -> {
      await(slow);
      return "new";
    }, LIVE).stale()).isTrue();
    CompletableFuture<String> navigation = CompletableFuture.supplyAsync(() -> cache.get("october", () -> "computed twice"));
    Thread.sleep(200);
    assertThat(navigation).as("waits for the running computation, never takes the old answer").isNotDone();
    slow.countDown();
    assertThat(navigation.get(5, TimeUnit.SECONDS)).isEqualTo("new");
  }

  @Test
  void withNoWaitALiveRefreshTakesTheLastAnswerAtOnceAndTheNewOneFollows() throws Exception {
    answer("october");
    version.incrementAndGet();
    CountDownLatch done = new CountDownLatch(1);
    assertThat(cache.get("october", () -> {
      done.countDown();
      return "october@2";
    }, Duration.ZERO)).isEqualTo(new VersionedCache.Answer<>("october@1#1", true));
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(cache.get("october", () -> "computed again", Duration.ZERO)).isEqualTo(new VersionedCache.Answer<>("october@2", false));
  }

  @Test
  void aLiveRefreshWithNoEarlierAnswerWaitsForIt() {
    assertThat(cache.get("october", () -> {
      sleep(200);
      return "first";
    }, LIVE)).isEqualTo(new VersionedCache.Answer<>("first", false));
  }

  @Test
  void askersOfTheSameVersionShareOneComputation() throws Exception {
    CountDownLatch slow = new CountDownLatch(1);
    var executor = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> asks = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        asks.add(executor.submit(() -> cache.get("october", () -> {
          await(slow);
          return "october#" + computed.incrementAndGet();
        })));
      }
      Thread.sleep(200);
      slow.countDown();
      for (Future<String> ask : asks) {
        assertThat(ask.get(5, TimeUnit.SECONDS)).isEqualTo("october#1");
      }
      assertThat(computed).hasValue(1);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void aFailedComputationReachesTheCallerAndIsNotKept() {
    assertThatThrownBy(() -> cache.get("october", () -> {
      throw new IllegalStateException("store down");
    })).isInstanceOf(IllegalStateException.class).hasMessage("store down");
    assertThat(answer("october")).isEqualTo("october@1#1");
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
