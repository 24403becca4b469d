package dev.cto.costs.web.ui;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Answers computed for the store's current data version, forgotten as soon as it moves. Why: at
 * 10M records the overview's figures take tens of milliseconds to build, and they only change
 * when records are stored; the live update asks again as soon as the version moves, so new usage
 * still shows within its 2 s. At most {@code capacity} answers (the least recently used go first),
 * so many different ranges cannot fill the heap.
 *
 * <p>The version is read before computing: an answer that races with a new record is kept under the
 * old version and dropped at the next read, never served as current.
 */
final class VersionedCache<K, V> {

  private final LongSupplier version;
  private final Map<K, V> entries;
  private long seen = Long.MIN_VALUE;

  VersionedCache(LongSupplier version, int capacity) {
    this.version = version;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }

  V get(K key, Supplier<V> compute) {
    long now = version.getAsLong();
    synchronized (this) {
      if (now != seen) {
        entries.clear();
        seen = now;
      }
      V hit = entries.get(key);
      if (hit != null) {
        return hit;
      }
    }
    V value = compute.get(); // outside the lock: a slow answer does not hold up other keys
    synchronized (this) {
      if (seen == now && value != null) {
        entries.put(key, value);
      }
    }
    return value;
  }
}
