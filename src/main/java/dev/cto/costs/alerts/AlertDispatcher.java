package dev.cto.costs.alerts;

import dev.cto.costs.collect.ThresholdSink;
import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.store.AlertDelivery;
import dev.cto.costs.store.AlertOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers threshold crossings to the configured sinks through the store's outbox, on its own
 * thread: a new crossing wakes it (it is a {@link ThresholdSink}), and it polls for retries, for
 * crossings other replicas recorded and, at start, for whatever a previous run left undelivered.
 * Each delivery is claimed first, so with several replicas only one sends it; a delivered one is
 * never sent again. A process that dies between sending and marking sends again after the lease:
 * receivers can de-duplicate by the {@code X-CTO-Delivery} header.
 */
public final class AlertDispatcher implements ThresholdSink, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);
  private static final int MAX_PER_PASS = 1_000;

  private final AlertOutbox outbox;
  private final Supplier<List<AlertSink>> sinks;
  private final Clock clock;
  private final DispatchOptions options;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "alert-dispatcher");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean wakeQueued = new AtomicBoolean();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failedAttempts = new AtomicLong();

  public AlertDispatcher(AlertOutbox outbox, Supplier<List<AlertSink>> sinks, Clock clock, DispatchOptions options) {
    this.outbox = outbox;
    this.sinks = sinks;
    this.clock = clock;
    this.options = options;
  }

  /** Delivers what is waiting now, then keeps polling. */
  public AlertDispatcher start() {
    long poll = options.poll().toMillis();
    executor.scheduleWithFixedDelay(this::runQuietly, 0, poll, TimeUnit.MILLISECONDS);
    return this;
  }

  /** A crossing was just recorded: deliver it now rather than at the next poll. Never blocks. */
  @Override
  public void onCrossing(ThresholdCrossing crossing) {
    if (wakeQueued.compareAndSet(false, true) && !executor.isShutdown()) {
      executor.execute(() -> {
        wakeQueued.set(false);
        runQuietly();
      });
    }
  }

  public long delivered() {
    return delivered.get();
  }

  public long failedAttempts() {
    return failedAttempts.get();
  }

  private void runQuietly() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      LOG.warn("threshold alerts: cannot reach the outbox, will retry: {}", e.getMessage());
    }
  }

  /**
   * One pass: queue new crossings for the current sinks, then deliver what is due, one claim at a
   * time: a claim never outlives its lease while earlier deliveries are slow, and crossings
   * recorded meanwhile are queued before the next claim.
   */
  void runOnce() {
    for (int i = 0; i < MAX_PER_PASS && !executor.isShutdown(); i++) {
      Map<String, AlertSink> byId = new LinkedHashMap<>();
      for (AlertSink sink : sinks.get()) {
        byId.putIfAbsent(sink.id(), sink);
      }
      Instant now = clock.instant();
      outbox.fanOut(byId.keySet(), now);
      List<AlertDelivery> due = outbox.claimDue(byId.keySet(), now, now.plus(options.lease()), 1);
      if (due.isEmpty()) {
        return;
      }
      attempt(byId.get(due.get(0).sink()), due.get(0));
    }
  }

  private void attempt(AlertSink sink, AlertDelivery d) {
    ThresholdCrossing c = d.crossing();
    String what = c.level().wireName() + " alert for " + c.repository() + "#" + c.prNumber() + " to " + d.sink();
    try {
      sink.deliver(c);
    } catch (Exception e) {
      failedAttempts.incrementAndGet();
      String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (d.attempts() >= options.maxAttempts()) {
        outbox.markFailed(d, error, null);
        LOG.error("gave up on the {} after {} attempts: {}", what, d.attempts(), error);
        return;
      }
      Duration wait = options.backoff(d.attempts());
      if (e instanceof RetryLaterException later && later.after().compareTo(wait) > 0) {
        wait = later.after();
      }
      outbox.markFailed(d, error, clock.instant().plus(wait));
      LOG.warn("attempt {} of the {} failed, retrying in {}s: {}", d.attempts(), what, wait.toSeconds(), error);
      return;
    }
    // a store failure here leaves the claim to expire: the alert is then sent once more
    if (outbox.markDelivered(d, clock.instant())) {
      delivered.incrementAndGet();
      LOG.info("delivered the {}", what);
    }
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(15, TimeUnit.SECONDS)) {
        executor.shutdownNow(); // what is claimed and unsettled is retried after the lease, here or elsewhere
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
