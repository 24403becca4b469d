package dev.cto.costs.budget;

import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.PricingCatalog;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.BudgetLedger;
import dev.cto.costs.store.BudgetLedger.Claim;
import dev.cto.costs.store.BudgetLedger.SpendScope;
import dev.cto.costs.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, before the proxy forwards a call, whether the enforced budgets covering it have room for
 * its worst case; holds that money while the call runs, and settles it to the actual cost.
 *
 * <p>Each budget key (a budget's period, and PR) gets a {@link Lease}: money reserved in the store
 * ahead of calls, so a call is admitted in memory while its lease has room, and goes to the store
 * (under the key's lock, shared by every replica) only when it has not. A lease grows by
 * {@link EnforcementOptions#chunkCalls()} worst cases (or doubles under a high call rate) but by
 * never more than 1/{@link EnforcementOptions#chunkDivisor()} of what the budget has left, so near
 * the limit every call is judged by the store alone; and the store never grants leases past the
 * limit, so the replicas together cannot overshoot it (docs/budgets.md).
 */
public final class BudgetEnforcer implements CallBudgets, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BudgetEnforcer.class);

  private final BudgetLedger ledger;
  private final Supplier<BudgetBook> book;
  private final Supplier<CostSettings> settings;
  private final Supplier<PricingCatalog> prices;
  private final Clock clock;
  private final EnforcementOptions options;
  private final Map<String, Lease> leases = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.LongAdder waitedForStore = new java.util.concurrent.atomic.LongAdder();
  private final Map<String, Boolean> unpricedLogged = new ConcurrentHashMap<>();
  private final StoreOutageLog outage = new StoreOutageLog(LOG);
  /** A refused key is logged again after this long: a runaway loop is refused thousands of times. */
  private static final Duration REFUSAL_LOG_EVERY = Duration.ofMinutes(1);
  private final Map<String, Instant> refusalsLogged = new ConcurrentHashMap<>();
  private volatile Consumer<Admission.Refused> refusals = r -> { };
  private final ScheduledExecutorService background = Executors.newScheduledThreadPool(1, r -> {
    Thread t = new Thread(r, "budget-leases");
    t.setDaemon(true);
    return t;
  });
  /** Leases are topped up here before they run dry; two, so one slow store write does not hold up every key. */
  private final java.util.concurrent.ExecutorService topUps = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "budget-top-up");
    t.setDaemon(true);
    return t;
  });
  private final SpendViews views;
  /** Distinguishes this process's leases from other replicas' (a lease id is this plus the key's number). */
  private final String processId = UUID.randomUUID().toString().substring(0, 18);
  private final java.util.concurrent.atomic.AtomicLong leaseNumbers = new java.util.concurrent.atomic.AtomicLong();

  /** @param settings the prices to judge calls by, and the PR error threshold for {@code enforce_error_threshold} */
  public BudgetEnforcer(BudgetLedger ledger, Supplier<BudgetBook> book, Supplier<CostSettings> settings, Clock clock,
      EnforcementOptions options) {
    this.ledger = ledger;
    this.book = book;
    this.settings = settings;
    this.prices = () -> settings.get().catalog();
    this.clock = clock;
    this.options = options;
    this.views = new SpendViews(ledger, options.viewMaxAge(), background);
    long every = options.sweepEvery().toMillis();
    background.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public boolean active() {
    BudgetBook budgets = book.get();
    return !budgets.budgets().isEmpty() || errorThresholdBudget(budgets) != null;
  }

  /**
   * {@code enforce_error_threshold}: the PR error threshold as one more enforced per-PR budget,
   * named {@value #ERROR_THRESHOLD}; null when off or no threshold is set.
   */
  private Budget errorThresholdBudget(BudgetBook budgets) {
    Usd error = budgets.enforceErrorThreshold() ? settings.get().thresholds().error() : null;
    if (error == null) {
      return null;
    }
    Budget cached = errorThreshold;
    if (cached == null || !cached.limit().equals(error)) {
      cached = new Budget(ERROR_THRESHOLD, new BudgetScope(true, null, null, null, null), BudgetPeriod.PR, error,
          List.of(), true);
      errorThreshold = cached;
    }
    return cached;
  }

  static final String ERROR_THRESHOLD = "error_threshold";
  private volatile Budget errorThreshold;

  /**
   * The budgets covering a call and its worst case in nano-dollars: what the proxy's leases and the
   * HTTP reservations of {@link CallReservations} both judge a call by.
   */
  record Plan(BudgetSubject who, Instant now, List<Budget> inScope, long worstCase) {

    /** The budgets that may refuse the call: none for a call that costs nothing (unpriced or free). */
    List<Budget> enforced() {
      return worstCase == 0 ? List.of() : inScope.stream().filter(Budget::enforce).toList();
    }
  }

  /** The plan for a call, or null when no budget covers it. */
  Plan plan(BudgetSubject subject, CallShape call) {
    BudgetBook budgets = book.get();
    Budget threshold = errorThresholdBudget(budgets);
    if (budgets.budgets().isEmpty() && threshold == null) {
      return null;
    }
    Instant now = clock.instant();
    // a call without a repository is stored under default_repository (Pricer): judge it by that PR's spend
    String repository = subject.repository() != null ? subject.repository() : settings.get().defaultRepository();
    BudgetSubject who = new BudgetSubject(repository, subject.prNumber(), subject.agent(), call.model());
    List<Budget> inScope = new ArrayList<>();
    for (Budget b : budgets.budgets()) {
      if (b.scope().matches(who, call.modelMayFollow())) {
        inScope.add(b);
      }
    }
    if (threshold != null && threshold.scope().matches(who, call.modelMayFollow())) {
      inScope.add(threshold);
    }
    if (inScope.isEmpty()) {
      return null;
    }
    return new Plan(who, now, List.copyOf(inScope), worstCase(call, now, inScope));
  }

  @Override
  public Admission admit(BudgetSubject subject, CallShape call) {
    Plan plan = plan(subject, call);
    if (plan == null) {
      return Admission.Admitted.FREE;
    }
    BudgetBook budgets = book.get();
    Instant now = plan.now();
    BudgetSubject who = plan.who();
    List<Budget> inScope = plan.inScope();
    long worst = plan.worstCase();
    List<Held> taken = new ArrayList<>();
    for (Budget b : inScope) {
      if (!b.enforce() || worst == 0) {
        continue;
      }
      Claim claim = claim(b, who, now);
      try {
        Taking t = take(claim, worst, now);
        outage.up();
        if (!t.took()) {
          taken.forEach(h -> h.lease().giveBack(worst));
          return refusal(b, who, claim, t.lease().refusedSaw(), worst, now, inScope);
        }
        taken.add(new Held(t.lease(), worst));
      } catch (StoreException e) {
        outage.down(e, budgets.failOpen());
        if (!budgets.failOpen()) {
          taken.forEach(h -> h.lease().giveBack(worst));
          return new Admission.StoreDown("cto-costs cannot check budget '" + b.name()
              + "': its store is unreachable and budgets_fail_open is false", null);
        }
      }
    }
    Ticket ticket = taken.isEmpty() ? Ticket.NONE : new CallTicket(taken, call.model(), prices, clock, background,
        options.unstoredHold());
    return new Admission.Admitted(ticket, tightest(inScope, who, now));
  }

  /** The call's worst case in nano-dollars; 0 (never refused) for an unpriced or free model. */
  private long worstCase(CallShape call, Instant now, List<Budget> inScope) {
    Optional<Usd> worst = WorstCase.of(call, prices.get(), now);
    long nanos = worst.map(Usd::nanos).orElse(0L);
    // bounded: a client sending a new made-up model name on every call must not grow it without end
    if (nanos == 0 && inScope.stream().anyMatch(Budget::enforce) && unpricedLogged.size() < 1_000
        && unpricedLogged.putIfAbsent(String.valueOf(call.model()), Boolean.TRUE) == null) {
      LOG.info("budgets: calls to model '{}' are {}: enforced budgets never refuse them (logged once per model)",
          call.model(), worst.isEmpty() ? "unpriced (no price in the cost config)" : "free (a price of zero)");
    }
    return nanos;
  }

  private record Taking(Lease lease, boolean took) {}

  /** Room in the key's lease, grown through the store when needed. */
  private Taking take(Claim claim, long worst, Instant now) {
    for (int attempt = 0; attempt < 3; attempt++) {
      Lease lease = leases.computeIfAbsent(claim.key(),
          k -> new Lease(processId + "-" + leaseNumbers.incrementAndGet(), ledger, options, clock, topUps));
      Lease.Took took = lease.tryTake(worst, now);
      if (took == Lease.Took.NO_ROOM) {
        waitedForStore.increment();
        took = lease.grow(claim, worst, now);
      }
      switch (took) {
        case YES -> {
          return new Taking(lease, true);
        }
        case NO_ROOM -> {
          return new Taking(lease, false);
        }
        default -> leases.remove(claim.key(), lease); // released by the sweeper meanwhile: a new one
      }
    }
    throw new IllegalStateException("budget lease " + claim.key() + " kept being released under a call");
  }

  static Claim claim(Budget b, BudgetSubject who, Instant now) {
    SpendScope scope = b.scope().spendScope(b.period().window(now));
    if (b.scope().eachPr()) {
      scope = scope.forPr(who.repository(), who.prNumber());
    }
    return new Claim(b.key(now, who.repository(), who.prNumber()), scope, b.limit());
  }

  Admission.Refused refusal(Budget b, BudgetSubject who, Claim claim, long[] saw, long worst, Instant now,
      List<Budget> inScope) {
    PeriodWindow window = b.period().window(now);
    // whole seconds, rounded up: retrying a moment before the period ends would be refused again
    Long retryAfter = window.isBounded() ? Math.max(1, (Duration.between(now, window.end()).toMillis() + 999) / 1000) : null;
    String subject = b.scope().eachPr() ? (who.repository() == null ? "" : who.repository()) + "#" + who.prNumber() : null;
    Admission.Refused refused = new Admission.Refused(b.name(), b.scope().asConfig(), subject, Usd.ofNanos(saw[0]),
        Usd.ofNanos(saw[1]), b.limit(), Usd.ofNanos(worst), retryAfter, tightest(inScope, who, now));
    refusals.accept(refused);
    logRefusal(claim.key(), refused, who, now);
    return refused;
  }

  /**
   * Some agents hide the refusal's message (Codex prints only "Quota exceeded"), so the operator
   * reads it here: once per budget key a minute, not per call, as a runaway loop is refused
   * thousands of times (they are counted in {@code cost_budget_refusals_total}).
   */
  private void logRefusal(String key, Admission.Refused refused, BudgetSubject who, Instant now) {
    Instant last = refusalsLogged.get(key);
    if (last != null && Duration.between(last, now).compareTo(REFUSAL_LOG_EVERY) < 0) {
      return;
    }
    if (refusalsLogged.size() >= 10_000) {
      refusalsLogged.clear(); // bounded: many PRs refused at once only log again sooner
    }
    refusalsLogged.put(key, now);
    LOG.warn("budget '{}' refused a call{} (agent {}, model {}): {} spent and {} reserved of its {} limit; the call could cost up to {}."
            + " Further refusals of this budget are counted in cost_budget_refusals_total and logged again after {} s",
        refused.budget(), refused.subject() == null ? "" : " for " + printable(refused.subject()), printable(who.agent()),
        printable(who.model()),
        refused.spent(), refused.reserved(), refused.limit(), refused.worstCase(), REFUSAL_LOG_EVERY.toSeconds());
  }

  /** The model comes from the request body: no control character reaches the log to forge a line. */
  private static String printable(String text) {
    if (text == null) {
      return "unknown";
    }
    StringBuilder sb = new StringBuilder(Math.min(text.length(), 200));
    text.codePoints().limit(200).forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return sb.toString();
  }


  /** Told of every refusal, by the proxy and by HTTP reservations alike (the metrics count them per budget). */
  public void onRefusal(Consumer<Admission.Refused> listener) {
    this.refusals = Objects.requireNonNull(listener, "listener");
  }

  /** The budget in scope with the least left, as this process last saw them; null when none is known. */
  Headroom tightest(List<Budget> inScope, BudgetSubject who, Instant now) {
    Headroom tightest = null;
    for (Budget b : inScope) {
      try {
        Claim claim = claim(b, who, now);
        Lease lease = b.enforce() ? leases.get(claim.key()) : null;
        Long left = lease != null ? lease.remaining(b.limit().nanos()) : null;
        if (left == null) {
          left = Math.max(0, b.limit().nanos() - views.used(claim.key(), claim.scope(), now));
        }
        tightest = Headroom.tighter(tightest, new Headroom(b.name(), Usd.ofNanos(left)));
      } catch (StoreException e) {
        // the header is a courtesy: without the store there is none for this budget
      }
    }
    return tightest;
  }

  /** The prices calls are judged by now. */
  PricingCatalog prices() {
    return prices.get();
  }

  /** Whether a call may go unchecked while the store cannot be reached ({@code budgets_fail_open}). */
  boolean failOpen() {
    return book.get().failOpen();
  }

  /** The outage log shared with {@link CallReservations}: an outage is logged once, whoever meets it. */
  StoreOutageLog outage() {
    return outage;
  }

  void sweep() {
    Instant now = clock.instant();
    for (Map.Entry<String, Lease> e : leases.entrySet()) {
      try {
        if (!e.getValue().sweep(now)) {
          leases.remove(e.getKey(), e.getValue());
        }
      } catch (StoreException | ArithmeticException ex) {
        outage.down(ex, book.get().failOpen());
      } catch (RuntimeException ex) {
        LOG.warn("budget lease upkeep failed for {}: {}", e.getKey(), ex.toString());
      }
    }
  }

  /** Leases held now (for tests and metrics). */
  public int leases() {
    return leases.size();
  }

  /** Times a call's lease had no room and the call waited for the store (a growth or a refusal) since start. */
  public long waitedForStore() {
    return waitedForStore.sum();
  }

  /** Stops the upkeep and releases every lease, so other replicas get the money at once. */
  @Override
  public void close() {
    background.shutdownNow();
    topUps.shutdownNow();
    for (Lease lease : leases.values()) {
      try {
        lease.close();
      } catch (RuntimeException e) {
        LOG.debug("cannot release a budget lease on close (it expires): {}", e.toString());
      }
    }
    leases.clear();
  }

  record Held(Lease lease, long worstCase) {}
}
