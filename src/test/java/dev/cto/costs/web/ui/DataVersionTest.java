package dev.cto.costs.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DataVersionTest {

  final AtomicLong local = new AtomicLong();
  final AtomicLong store = new AtomicLong(100);
  final AtomicLong now = new AtomicLong();
  final AtomicInteger storeReads = new AtomicInteger();
  final DataVersion version = new DataVersion(local::get, () -> {
    storeReads.incrementAndGet();
    return store.get();
  }, now::get);

  @Test
  void aLocalCommitMovesTheVersionAtOnceAndOnlyOnce() {
    long first = version.getAsLong();
    local.incrementAndGet();
    store.incrementAndGet(); // the same commit, seen by the store's marker too
    long second = version.getAsLong();
    assertThat(second).isGreaterThan(first);
    now.addAndGet(DataVersion.RECHECK_NANOS);
    assertThat(version.getAsLong()).isEqualTo(second);
  }

  @Test
  void anotherProcessesCommitShowsWithinASecondAndTheStoreIsAskedAtMostOnceASecond() {
    long first = version.getAsLong();
    int reads = storeReads.get();
    store.incrementAndGet(); // a replica or a CLI import committed
    now.addAndGet(DataVersion.RECHECK_NANOS / 2);
    assertThat(version.getAsLong()).isEqualTo(first);
    assertThat(version.getAsLong()).isEqualTo(first);
    assertThat(storeReads.get()).isEqualTo(reads);
    now.addAndGet(DataVersion.RECHECK_NANOS / 2);
    assertThat(version.getAsLong()).isGreaterThan(first);
    assertThat(storeReads.get()).isEqualTo(reads + 1);
  }

  @Test
  void aStoreThatCannotAnswerKeepsTheLastVersionAndLocalCommitsStillMoveIt() {
    AtomicLong count = new AtomicLong();
    DataVersion down = new DataVersion(count::get, () -> {
      throw new IllegalStateException("the store is down");
    }, now::get);
    long first = down.getAsLong();
    now.addAndGet(DataVersion.RECHECK_NANOS);
    assertThat(down.getAsLong()).isEqualTo(first);
    count.incrementAndGet();
    assertThat(down.getAsLong()).isGreaterThan(first);
  }

  /** Seen in CI: a navigation right after a write, while another request rechecked the store, got the old version. */
  @Test
  void aLocalCommitIsNotHiddenByACheckUnderWay() throws Exception {
    java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean slow = new java.util.concurrent.atomic.AtomicBoolean();
    DataVersion racing = new DataVersion(local::get, () -> {
      if (slow.get()) {
        reading.countDown();
        try {
          release.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return store.get();
    }, now::get);
    long before = racing.getAsLong();
    slow.set(true);
    now.addAndGet(DataVersion.RECHECK_NANOS);
    Thread poll = new Thread(racing::getAsLong); // the periodic recheck, held inside the store's read
    poll.start();
    assertThat(reading.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    local.incrementAndGet(); // this process commits, then a navigation asks
    java.util.concurrent.CompletableFuture<Long> navigation = java.util.concurrent.CompletableFuture.supplyAsync(racing::getAsLong);
    Thread.sleep(100);
    release.countDown();
    assertThat(navigation.get(10, java.util.concurrent.TimeUnit.SECONDS)).isGreaterThan(before);
    poll.join(10_000);
  }
}
