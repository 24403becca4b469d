package dev.cto.costs.collect;

import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.domain.ThresholdLevel;
import dev.cto.costs.domain.Thresholds;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.CostQueries;
import dev.cto.costs.store.UsageFilter;
import dev.cto.costs.store.UsageStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides threshold crossings from stored totals, not from in-memory sums, so it is right with
 * several collector replicas and across restarts. The store records each (repository, PR, level)
 * once; only the process whose insert wins notifies the sinks. Checks run on their own thread so
 * that slow sinks never hold up ingest.
 */
public final class ThresholdMonitor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ThresholdMonitor.class);

  /** A PR in its repository ({@code ""} when unknown). */
  public record PrRef(String repository, long pr) {
    public PrRef {
      repository = repository == null ? "" : repository;
    }
  }

  private final UsageStore store;
  private final CostQueries queries;
  private final Supplier<CostSettings> settings;
  private final List<ThresholdSink> sinks;
  private final Clock clock;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "threshold-monitor");
        t.setDaemon(true);
        return t;
      });

  public ThresholdMonitor(
      UsageStore store, CostQueries queries, Supplier<CostSettings> settings, List<ThresholdSink> sinks, Clock clock) {
    this.store = store;
    this.queries = queries;
    this.settings = settings;
    this.sinks = List.copyOf(sinks);
    this.clock = clock;
  }

  /**
   * PRs waiting for a check: a PR that receives records while it waits is checked once, not once
   * per commit (under load one commit every few milliseconds touches the same PRs again).
   */
  private final Set<PrRef> pending = ConcurrentHashMap.newKeySet();
  /** PRs past the error line: every crossing they can have is recorded, so they need no checks. */
  private final Set<PrRef> settled = ConcurrentHashMap.newKeySet();
  private static final int SETTLED_LIMIT = 100_000;

  private final List<Consumer<Collection<PrRef>>> usageListeners = new CopyOnWriteArrayList<>();

  /**
   * Also tells {@code listener} of every set of PRs that received committed records (e.g. to
   * refresh their PR comments). It runs on the collector's writer thread: it must not block.
   */
  public void onUsage(Consumer<Collection<PrRef>> listener) {
    usageListeners.add(listener);
  }

  /** Checks these PRs in the background. */
  public void check(Collection<PrRef> prs) {
    for (Consumer<Collection<PrRef>> listener : usageListeners) {
      try {
        listener.accept(prs);
      } catch (RuntimeException e) {
        LOG.warn("usage listener failed: {}", e.toString());
      }
    }
    boolean added = false;
    for (PrRef pr : prs) {
      if (!settled.contains(pr) && pending.add(pr)) {
        added = true;
      }
    }
    if (added) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    for (Iterator<PrRef> it = pending.iterator(); it.hasNext(); ) {
      PrRef pr = it.next();
      it.remove(); // before the check: records committed during it queue the PR again
      checkQuietly(pr);
    }
  }

  /** Checks one PR now; returns the crossings this call recorded (and announced). */
  public List<ThresholdCrossing> checkNow(PrRef pr) {
    Thresholds thresholds = settings.get().thresholds();
    if (thresholds.warning() == null && thresholds.error() == null) {
      return List.of();
    }
    Usd total = queries.totals(UsageFilter.pr(pr.repository(), pr.pr())).cost();
    ThresholdLevel reached = thresholds.levelOf(total);

    List<ThresholdCrossing> recorded = new ArrayList<>();
    for (ThresholdLevel level : List.of(ThresholdLevel.WARNING, ThresholdLevel.ERROR)) {
      Usd line = thresholds.lineFor(level);
      if (line == null || reached.compareTo(level) < 0) {
        continue;
      }
      ThresholdCrossing crossing = new ThresholdCrossing(pr.repository(), pr.pr(), level, line, total, clock.instant());
      if (store.recordCrossing(crossing)) {
        recorded.add(crossing);
        notifySinks(crossing);
      }
    }
    if (reached == ThresholdLevel.ERROR && settled.size() < SETTLED_LIMIT) {
      settled.add(pr); // both crossings are in the store now: nothing is left to detect
    }
    return recorded;
  }

  /** Waits until every check queued so far has run. */
  public void flush() {
    try {
      executor.submit(() -> { }).get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("threshold checks did not finish: {}", e.toString());
    }
  }

  private void checkQuietly(PrRef pr) {
    try {
      checkNow(pr);
    } catch (RuntimeException e) {
      LOG.warn("cannot check the thresholds of PR {}#{}: {}", pr.repository(), pr.pr(), e.getMessage());
    }
  }

  private void notifySinks(ThresholdCrossing crossing) {
    for (ThresholdSink sink : sinks) {
      try {
        sink.onCrossing(crossing);
      } catch (RuntimeException e) {
        LOG.warn("threshold sink {} failed: {}", sink.getClass().getSimpleName(), e.toString());
      }
    }
  }

  @Override
  public void close() {
    flush();
    executor.shutdown();
  }
}
