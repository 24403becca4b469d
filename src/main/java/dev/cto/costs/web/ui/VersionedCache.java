package dev.cto.costs.web.ui;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Answers computed for the store's current data version. Why: at 10M records the overview's
 * figures take tens of milliseconds to build from the rollup (hundreds right after a write), and
 * they only change when records are stored. At most {@code capacity} keys (the least recently used
 * go first), so many different ranges cannot fill the heap.
 *
 * <p>The version is read before computing: an answer that races with a new record is kept under the
 * old version, never served as current. Callers asking for the same key and version share one
 * computation, so every open page refreshing at once after a write costs one fold, not one each.
 *
 * <p>A live refresh may take the last answer of an older version (stale-while-revalidate): it waits
 * a short while for the current one and, when that is not ready yet, gets the old one marked stale
 * while the computation goes on; the page asks again shortly and gets the new figures. A plain
 * request (a navigation, the first load) always waits for the current answer.
 */
final class VersionedCache<K, V> {

  /** What {@link #get(Object, Supplier, Duration)} answers: the value, and whether it is of an older data version. */
  record Answer<V>(V value, boolean stale) {}

  private record Entry<V>(long version, V value) {}

  private record Flight<V>(long version, CompletableFuture<V> result) {}

  /** Computations a live refresh does not wait for; daemon threads, gone when idle. */
  private static final ExecutorService BACKGROUND = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "dashboard-cache-refresh");
    t.setDaemon(true);
    return t;
  });

  private final LongSupplier version;
  private final Map<K, Entry<V>> entries;
  private final Map<K, Flight<V>> flights = new HashMap<>();

  VersionedCache(LongSupplier version, int capacity) {
    this.version = version;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The answer for the current data version, computed (or waited for) when there is none yet. */
  V get(K key, Supplier<V> compute) {
    return get(key, compute, null).value();
  }

  /**
   * @param staleAfter null to wait for the current answer; else how long to wait for it before taking
   *     the last answer of an older version (when there is one) while the computation goes on; zero
   *     takes the last answer at once
   */
  Answer<V> get(K key, Supplier<V> compute, Duration staleAfter) {
    long now = version.getAsLong();
    Entry<V> last;
    Flight<V> flight;
    boolean mine = false;
    synchronized (this) {
      last = entries.get(key);
      if (last != null && last.version() == now) {
        return new Answer<>(last.value(), false);
      }
      if (last != null && last.version() > now) {
        last = null; // a newer answer than this caller's version: not stale, but not this caller's either
      }
      flight = flights.get(key);
      if (flight == null || flight.version() != now) {
        flight = new Flight<>(now, new CompletableFuture<>());
        flights.put(key, flight);
        mine = true;
      }
    }
    boolean mayServeStale = staleAfter != null && last != null;
    if (mine) {
      Flight<V> started = flight;
      if (mayServeStale) {
        BACKGROUND.execute(() -> run(key, started, compute));
      } else {
        run(key, started, compute); // in the caller's thread: it waits for the answer anyway
      }
    }
    if (mayServeStale) {
      if (staleAfter.isZero() || staleAfter.isNegative()) {
        return new Answer<>(last.value(), true); // no wait at all: the last answer, whether or not the new one is quick
      }
      try {
        return new Answer<>(flight.result().get(staleAfter.toNanos(), TimeUnit.NANOSECONDS), false);
      } catch (TimeoutException e) {
        return new Answer<>(last.value(), true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Answer<>(last.value(), true);
      } catch (ExecutionException e) {
        throw unwrap(e.getCause());
      }
    }
    try {
      return new Answer<>(flight.result().join(), false);
    } catch (CompletionException e) {
      throw unwrap(e.getCause());
    }
  }

  private void run(K key, Flight<V> flight, Supplier<V> compute) {
    V value;
    try {
      value = compute.get();
    } catch (RuntimeException | Error e) {
      synchronized (this) {
        flights.remove(key, flight);
      }
      flight.result().completeExceptionally(e);
      return;
    }
    synchronized (this) {
      flights.remove(key, flight);
      Entry<V> current = entries.get(key);
      if (value != null && (current == null || current.version() <= flight.version())) {
        entries.put(key, new Entry<>(flight.version(), value));
      }
    }
    flight.result().complete(value);
  }

  private static RuntimeException unwrap(Throwable cause) {
    if (cause instanceof RuntimeException r) {
      return r;
    }
    if (cause instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(cause);
  }
}
