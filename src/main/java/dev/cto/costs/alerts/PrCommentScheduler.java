package dev.cto.costs.alerts;

import dev.cto.costs.collect.ThresholdMonitor.PrRef;
import dev.cto.costs.domain.ThresholdCrossing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PR cost comments current while {@code post_to_pr} is on: a PR that received usage is
 * published at most once per {@code comment_min_interval} (the first change at once, later ones
 * coalesced into one update when the interval has passed), and at once when it crosses a threshold.
 * {@link #onUsage} only marks PRs, so ingest never waits; the marks are bounded. Publishing is
 * serialised: GitHub wants writes spaced, and one PR is never written by two threads at once.
 */
public final class PrCommentScheduler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PrCommentScheduler.class);

  private final PrCommentPort port;
  private final BooleanSupplier enabled;
  private final Supplier<Duration> minInterval;
  private final Clock clock;
  private final int maxPending;
  /** PRs with usage not yet in their comment. */
  private final Map<PrRef, Boolean> pending = new ConcurrentHashMap<>();
  /** When each PR's comment was last published (entries older than the interval are dropped). */
  private final Map<PrRef, Instant> lastPublished = new ConcurrentHashMap<>();
  private final AtomicLong dropped = new AtomicLong();
  private final Object publishing = new Object();
  private ScheduledExecutorService ticker;

  public PrCommentScheduler(PrCommentPort port, BooleanSupplier enabled, Supplier<Duration> minInterval, Clock clock, int maxPending) {
    this.port = port;
    this.enabled = enabled;
    this.minInterval = minInterval;
    this.clock = clock;
    this.maxPending = maxPending;
  }

  /** Publishes due comments every {@code tick} on a thread of its own. */
  public synchronized PrCommentScheduler start(Duration tick) {
    if (ticker == null) {
      ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pr-comment-scheduler");
        t.setDaemon(true);
        return t;
      });
      ticker.scheduleWithFixedDelay(this::publishDue, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** These PRs received committed records. Called on the ingest path: marks them and returns. */
  public void onUsage(Collection<PrRef> prs) {
    if (!enabled.getAsBoolean()) {
      return;
    }
    for (PrRef pr : prs) {
      if (pending.size() >= maxPending && !pending.containsKey(pr)) {
        dropped.incrementAndGet(); // the PR's next usage or crossing brings its comment up to date
        continue;
      }
      pending.put(pr, Boolean.TRUE);
    }
  }

  /** Publishes the PR's comment now, for a crossing; throws so that the outbox retries. */
  public void publishForCrossing(ThresholdCrossing crossing) throws Exception {
    PrRef pr = new PrRef(crossing.repository(), crossing.prNumber());
    synchronized (publishing) {
      pending.remove(pr);
      try {
        port.publish(pr.repository(), pr.pr(), crossing);
      } catch (Exception e) {
        pending.put(pr, Boolean.TRUE);
        throw e;
      }
      lastPublished.put(pr, clock.instant());
    }
  }

  /** Publishes every marked PR whose interval has passed; the ticker calls this, tests may too. */
  public void publishDue() {
    if (!enabled.getAsBoolean()) {
      pending.clear();
      return;
    }
    Instant now = clock.instant();
    Duration interval = minInterval.get();
    synchronized (publishing) {
      for (Iterator<PrRef> it = pending.keySet().iterator(); it.hasNext(); ) {
        PrRef pr = it.next();
        Instant last = lastPublished.get(pr);
        if (last != null && now.isBefore(last.plus(interval))) {
          continue;
        }
        it.remove(); // before publishing: usage arriving meanwhile marks the PR again
        lastPublished.put(pr, now); // a failure also waits an interval, so a broken GitHub is not hammered
        try {
          port.publish(pr.repository(), pr.pr(), null);
        } catch (Exception e) {
          pending.putIfAbsent(pr, Boolean.TRUE);
          LOG.warn("cannot update the cost comment of {}#{}, retrying in {}s: {}", pr.repository(), pr.pr(),
              interval.toSeconds(), e.getMessage());
        }
      }
      lastPublished.values().removeIf(t -> !now.isBefore(t.plus(interval)));
    }
  }

  /** PRs waiting for their comment. */
  public int pending() {
    return pending.size();
  }

  /** Usage notifications dropped because too many PRs were waiting. */
  public long dropped() {
    return dropped.get();
  }

  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
  }
}
