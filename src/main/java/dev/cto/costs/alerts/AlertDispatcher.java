package dev.cto.costs.alerts;

import dev.cto.costs.collect.ThresholdSink;
import dev.cto.costs.domain.Announcement;
import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.store.AlertDelivery;
import dev.cto.costs.store.AlertOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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
 *
 * <p>Each sink has a lane of its own (a thread that claims and sends that sink's deliveries one
 * at a time): a webhook that hangs until its timeout holds up its own alerts, not the PR comment
 * or the other webhooks.
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
    onNewAlerts();
  }

  /** Alerts were just recorded (crossings, announcements): deliver them now rather than at the next poll. Never blocks. */
  public void onNewAlerts() {
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
   * One pass: queue new crossings for the current sinks, then have each sink's lane deliver what
   * is due for it.
   */
  void runOnce() {
    Map<String, AlertSink> byId = currentSinks();
    outbox.fanOut(byId.keySet(), clock.instant());
    for (String id : byId.keySet()) {
      lanes.computeIfAbsent(id, Lane::new).request();
    }
  }

  private Map<String, AlertSink> currentSinks() {
    Map<String, AlertSink> byId = new LinkedHashMap<>();
    for (AlertSink sink : sinks.get()) {
      byId.putIfAbsent(sink.id(), sink);
    }
    return byId;
  }

  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

  /**
   * One sink's deliveries, one claim at a time: a claim never outlives its lease while earlier
   * deliveries are slow. A request while the lane is busy makes it look again when done, so a
   * crossing queued meanwhile is not left for the next poll.
   */
  private final class Lane {

    private final String sinkId;
    private final ExecutorService thread;
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean();

    Lane(String sinkId) {
      this.sinkId = sinkId;
      this.thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "alert-" + sinkId);
        t.setDaemon(true);
        return t;
      });
    }

    void request() {
      requested.set(true);
      if (running.compareAndSet(false, true)) {
        try {
          thread.execute(this::drain);
        } catch (RejectedExecutionException e) {
          running.set(false); // shutting down
        }
      }
    }

    private void drain() {
      try {
        while (requested.getAndSet(false) && !closing) {
          deliverDue();
        }
      } catch (RuntimeException e) {
        LOG.warn("threshold alerts to {}: cannot reach the outbox, will retry: {}", sinkId, e.getMessage());
      } finally {
        running.set(false);
      }
      if (requested.get() && !closing) {
        request();
      }
    }

    private void deliverDue() {
      for (int i = 0; i < MAX_PER_PASS && !closing; i++) {
        AlertSink sink = currentSinks().get(sinkId);
        if (sink == null) {
          return; // no longer configured
        }
        Instant now = clock.instant();
        List<AlertDelivery> due = outbox.claimDue(Set.of(sinkId), now, now.plus(options.lease()), 1);
        if (due.isEmpty()) {
          return;
        }
        attempt(sink, due.get(0));
      }
    }
  }

  private volatile boolean closing;

  private void attempt(AlertSink sink, AlertDelivery d) {
    String what = describe(d);
    try {
      if (d.alert() instanceof ThresholdCrossing c) {
        sink.deliver(c);
      } else if (d.alert() instanceof Announcement a) {
        sink.announce(a);
      }
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

  private static String describe(AlertDelivery d) {
    if (d.alert() instanceof ThresholdCrossing c) {
      return c.level().wireName() + " alert for " + c.repository() + "#" + c.prNumber() + " to " + d.sink();
    }
    Announcement a = d.announcement();
    // the subject quotes stored names: a control character must not forge or split the log line
    return a.event() + " alert '" + a.subject().replaceAll("\\p{Cntrl}", "?") + "' to " + d.sink();
  }

  /** Stops claiming; a delivery being sent gets up to 15 s to finish (what is left is retried after the lease). */
  @Override
  public void close() {
    closing = true;
    executor.shutdown();
    lanes.values().forEach(lane -> lane.thread.shutdown());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    try {
      awaitOrStop(executor, deadline);
      for (Lane lane : lanes.values()) {
        awaitOrStop(lane.thread, deadline);
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      lanes.values().forEach(lane -> lane.thread.shutdownNow());
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitOrStop(ExecutorService service, long deadline) throws InterruptedException {
    if (!service.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      service.shutdownNow(); // what is claimed and unsettled is retried after the lease, here or elsewhere
    }
  }
}
