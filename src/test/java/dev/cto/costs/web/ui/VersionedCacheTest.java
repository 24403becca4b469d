package dev.cto.costs.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

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
}
