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
}
