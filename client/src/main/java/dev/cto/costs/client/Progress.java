package dev.cto.costs.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far the sender has come: records taken into the queue, and records whose fate is decided
 * (sent, rejected or dropped). The queue is first in, first out, so once {@code settled} reaches the
 * number enqueued before a flush, everything that flush was waiting for is decided.
 */
final class Progress {

  private final AtomicLong enqueued = new AtomicLong();
  private final AtomicLong settled = new AtomicLong();
  private final Object signal = new Object();

  void enqueued() {
    enqueued.incrementAndGet();
  }

  long enqueuedSoFar() {
    return enqueued.get();
  }

  /** Accepted and not yet decided; never negative, though a record may settle before it is counted in. */
  long pending() {
    return Math.max(0, enqueued.get() - settled.get());
  }

  void settled(int records) {
    settled.addAndGet(records);
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  /** @return false when {@code timeout} passed (or the thread was interrupted) first */
  boolean awaitSettled(long target, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (signal) {
      while (settled.get() < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(signal, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }
}
