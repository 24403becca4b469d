package dev.cto.costs.budget;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.ModelPrice;
import dev.cto.costs.domain.Thresholds;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.PricingCatalog;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.TokenRates;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.BudgetLedger;
import dev.cto.costs.store.StoreUnavailableException;
import dev.cto.costs.store.jdbc.JdbcStore;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The proxy's budget decision over a real SQLite store: refusal exactly at the limit, admission in
 * memory far from it, two processes sharing one store, unpriced and free models, a raised limit,
 * a store outage, and leases given back when idle.
 */
class BudgetEnforcerTest {

  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private static final String REPO = "5dlabs/cto";
  /** $1/M input, $10/M output: 1,000 output tokens and no input are $0.01. */
  private static final PricingCatalog PRICES = new PricingCatalog(List.of(
      ModelPrice.simple("m", "anthropic", TokenRates.of("1", "10")),
      ModelPrice.simple("free-model", "anthropic", TokenRates.of("0", "0"))));
  private static final CallShape CENT = new CallShape("m", 1_000L, 0);
  private static final BudgetSubject PR_1 = new BudgetSubject(REPO, 1L, "rex", null);

  @TempDir Path dir;
  private JdbcStore store;
  private final MutableClock clock = new MutableClock(NOW);
  private final List<BudgetEnforcer> enforcers = new ArrayList<>();
  private final AtomicInteger records = new AtomicInteger();
  private CostSettings settings = CostSettings.of(PRICES);

  @BeforeEach
  void open() {
    store = JdbcStore.openSqlite(dir.resolve("costs.db"));
  }

  @AfterEach
  void close() {
    enforcers.forEach(BudgetEnforcer::close);
    store.close();
  }

  private static Budget daily(String limit) {
    return new Budget("daily", BudgetScope.EVERYTHING, BudgetPeriod.DAY, Usd.of(limit), List.of(), true);
  }

  private static BudgetBook book(boolean failOpen, Budget... budgets) {
    return new BudgetBook(Map.of(), List.of(budgets), failOpen, false);
  }

  private BudgetEnforcer enforcer(BudgetLedger ledger, AtomicReference<BudgetBook> book) {
    BudgetEnforcer e = new BudgetEnforcer(ledger, book::get, () -> settings, clock, EnforcementOptions.DEFAULTS);
    enforcers.add(e);
    return e;
  }

  private BudgetEnforcer enforcer(Budget... budgets) {
    return enforcer(store, new AtomicReference<>(book(true, budgets)));
  }

  private void spend(Long pr, String usd) {
    UsageRecord r = new UsageRecord("rec-" + records.incrementAndGet(), new Attribution(REPO, pr, "rex", "code", 1, null),
        "claude", "m", "anthropic", TokenCounts.of(1, 1), null, null, clock.instant(), "test");
    store.insert(List.of(new PricedUsage(r, "anthropic", Usd.of(usd), true)));
  }

  /** Completes the call as the proxy does: the record (of {@code outputTokens} at $10/M) is stored, then settled. */
  private void complete(Ticket ticket, long outputTokens) {
    UsageRecord r = new UsageRecord("rec-" + records.incrementAndGet(), new Attribution(REPO, 1L, "rex", "code", 1, null),
        "claude", "m", "anthropic", TokenCounts.of(0, outputTokens), null, null, clock.instant(), "test");
    store.insert(List.of(new PricedUsage(r, "anthropic", Usd.ofNanos(outputTokens * 10_000), true)));
    ticket.settle("m", r.tokens(), CompletableFuture.completedFuture(null));
  }

  @Test
  void aCallIsRefusedOnlyWhenSpentPlusReservedPlusItsWorstCaseWouldPassTheLimit() {
    spend(1L, "0.50");
    BudgetEnforcer budgets = enforcer(daily("1.00"));

    for (int i = 0; i < 50; i++) { // 0.50 + 50 × 0.01 = 1.00: the limit exactly, no false refusal
      assertThat(budgets.admit(PR_1, CENT)).as("call %d", i).isInstanceOf(Admission.Admitted.class);
    }
    Admission over = budgets.admit(PR_1, CENT);

    assertThat(over).isInstanceOf(Admission.Refused.class);
    Admission.Refused refused = (Admission.Refused) over;
    assertThat(refused.budget()).isEqualTo("daily");
    assertThat(refused.spent()).isEqualTo(Usd.of("0.50"));
    assertThat(refused.reserved()).isEqualTo(Usd.of("0.50"));
    assertThat(refused.limit()).isEqualTo(Usd.of("1.00"));
    assertThat(refused.worstCase()).isEqualTo(Usd.of("0.01"));
    assertThat(refused.retryAfterSeconds()).as("seconds to the next UTC midnight").isEqualTo(12 * 3600L);
    assertThat(refused.message()).contains("'daily'", "scope: everything", "$0.5 spent", "$1 limit");
  }

  @Test
  void settledCallsFreeTheirUnusedWorstCaseAndReleasedOnesAllOfIt() {
    BudgetEnforcer budgets = enforcer(daily("0.05"));
    Admission.Admitted a = (Admission.Admitted) budgets.admit(PR_1, CENT);
    Admission.Admitted b = (Admission.Admitted) budgets.admit(PR_1, CENT);
    complete(a.ticket(), 300); // $0.003 of its $0.01
    b.ticket().release();
    b.ticket().settle("m", TokenCounts.of(0, 1_000), CompletableFuture.completedFuture(null)); // after release: nothing

    int admitted = 0;
    while (budgets.admit(PR_1, CENT) instanceof Admission.Admitted && admitted < 10) {
      admitted++;
    }
    assertThat(admitted).as("(0.05 - 0.003) / 0.01 calls").isEqualTo(4);
  }

  @Test
  void farFromTheLimitCallsAreAdmittedWithoutAskingTheStore() {
    AtomicInteger leaseCalls = new AtomicInteger();
    BudgetLedger counting = counting(store, leaseCalls, null);
    BudgetEnforcer budgets = enforcer(counting, new AtomicReference<>(book(true, daily("1000"))));

    for (int i = 0; i < 160; i++) {
      Admission.Admitted a = (Admission.Admitted) budgets.admit(PR_1, CENT);
      complete(a.ticket(), 500);
    }

    // each growth takes 16 calls' worth: ~10 store round trips for 160 calls, not 160
    assertThat(leaseCalls.get()).isBetween(1, 20);
    assertThat(store.spent(BudgetLedger.SpendScope.ALL)).isEqualTo(Usd.of("0.80"));
  }

  /**
   * Two processes on one store, 8 threads each, admit, spend up to the worst case and settle,
   * until refused: the spend never passes the limit, and once their idle leases are given back the
   * rest of the budget can still be spent.
   */
  @Test
  void twoProcessesOnOneStoreNeverSpendPastTheLimitTogether() throws Exception {
    Usd limit = Usd.of("2.00");
    BudgetEnforcer one = enforcer(daily("2.00"));
    BudgetEnforcer two = enforcer(daily("2.00"));
    AtomicLong admitted = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        BudgetEnforcer budgets = t % 2 == 0 ? one : two;
        done.add(pool.submit(() -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          for (int call = 0, refusals = 0; call < 200 && refusals < 3; call++) {
            long maxTokens = random.nextLong(100, 1_001);
            Admission a = budgets.admit(PR_1, new CallShape("m", maxTokens, 0));
            if (!(a instanceof Admission.Admitted admittedCall)) {
              refusals++;
              continue;
            }
            admitted.incrementAndGet();
            if (random.nextInt(10) == 0) {
              admittedCall.ticket().release();
            } else {
              complete(admittedCall.ticket(), random.nextLong(maxTokens / 2, maxTokens + 1));
            }
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    Usd spent = store.spent(BudgetLedger.SpendScope.ALL);
    assertThat(spent).as("spent after %d admitted calls", admitted.get()).isLessThanOrEqualTo(limit);
    assertThat(admitted.get()).isGreaterThan(200);

    clock.advance(Duration.ofSeconds(3));
    one.sweep();
    two.sweep();
    Usd left = limit.minus(spent);
    long tokens = left.nanos() / 10_000;
    assertThat(one.admit(PR_1, new CallShape("m", tokens, 0)))
        .as("the last %s once idle leases were given back", left).isInstanceOf(Admission.Admitted.class);
  }

  @Test
  void eachPrOfAPerPrBudgetHasItsOwnLimitAndNoRetryAfter() {
    Budget perPr = new Budget("pr-cap", new BudgetScope(true, null, null, null, null), BudgetPeriod.PR, Usd.of("0.02"),
        List.of(), true);
    BudgetEnforcer budgets = enforcer(perPr);

    assertThat(budgets.admit(PR_1, CENT)).isInstanceOf(Admission.Admitted.class);
    assertThat(budgets.admit(PR_1, CENT)).isInstanceOf(Admission.Admitted.class);
    Admission.Refused third = (Admission.Refused) budgets.admit(PR_1, CENT);
    assertThat(third.subject()).isEqualTo("5dlabs/cto#1");
    assertThat(third.retryAfterSeconds()).isNull();
    assertThat(third.message()).contains("'pr-cap'", "pr=*", "5dlabs/cto#1", "$0.02 limit");

    assertThat(budgets.admit(new BudgetSubject(REPO, 2L, "rex", null), CENT)).isInstanceOf(Admission.Admitted.class);
    assertThat(budgets.admit(new BudgetSubject(REPO, null, "rex", null), CENT))
        .as("a call without a PR is outside a {pr: *} budget").isEqualTo(Admission.Admitted.FREE);
  }

  @Test
  void unpricedAndFreeModelsAreNeverRefusedAndAreLoggedOnce() {
    ListAppender<ILoggingEvent> log = capture();
    spend(1L, "5.00");
    BudgetEnforcer budgets = enforcer(daily("1.00"));

    assertThat(budgets.admit(PR_1, CENT)).isInstanceOf(Admission.Refused.class);
    for (int i = 0; i < 3; i++) {
      assertThat(budgets.admit(PR_1, new CallShape("no-such-model", 100_000L, 10_000))).isInstanceOf(Admission.Admitted.class);
      assertThat(budgets.admit(PR_1, new CallShape("free-model", 100_000L, 10_000))).isInstanceOf(Admission.Admitted.class);
    }
    assertThat(log.list).filteredOn(e -> e.getFormattedMessage().contains("unpriced")).hasSize(1);
    assertThat(log.list).filteredOn(e -> e.getFormattedMessage().contains("free (a price of zero)")).hasSize(1);
  }

  @Test
  void aCallWhoseModelMayFollowPastTheHeadIsPricedAtItsProvidersDearestModelNotWavedThrough() {
    settings = CostSettings.of(new PricingCatalog(List.of(
        ModelPrice.simple("m", "anthropic", TokenRates.of("1", "10")),
        ModelPrice.simple("dear", "anthropic", TokenRates.of("15", "75")),
        ModelPrice.simple("dearer-elsewhere", "openai", TokenRates.of("150", "600")),
        ModelPrice.simple("free-model", "anthropic", TokenRates.of("0", "0")))));
    spend(1L, "5.00");
    BudgetEnforcer budgets = enforcer(daily("5.00"));
    // 3 MB of body, 100 output tokens: the model is nowhere in the first MiB
    CallShape hidden = new CallShape(null, 100L, 3_000_000L, "anthropic", true);

    Admission refused = budgets.admit(PR_1, hidden);
    assertThat(refused).as("an exhausted budget refuses it").isInstanceOf(Admission.Refused.class);
    // 1,000,000 input tokens at $15/M + 100 at $75/M: anthropic's dearest, not openai's
    assertThat(((Admission.Refused) refused).worstCase()).isEqualTo(Usd.of("15.0075"));
    assertThat(budgets.admit(PR_1, new CallShape(null, 100L, 3_000_000L))).as("a whole body naming no model")
        .isInstanceOf(Admission.Admitted.class);

    // a model-scoped budget covers it too: it may be that model ("dear" has spent nothing yet)
    Budget dearOnly = new Budget("dear-only", new BudgetScope(false, null, null, null, new ModelGlob("dear")),
        BudgetPeriod.DAY, Usd.of("1.00"), List.of(), true);
    Admission byModel = enforcer(dearOnly).admit(PR_1, hidden);
    assertThat(byModel).isInstanceOf(Admission.Refused.class);
    assertThat(((Admission.Refused) byModel).budget()).isEqualTo("dear-only");

    // with room, it is admitted
    Admission admitted = enforcer(daily("100.00")).admit(PR_1, hidden);
    assertThat(admitted).isInstanceOf(Admission.Admitted.class);
    ((Admission.Admitted) admitted).ticket().release();
  }

  @Test
  void aRaisedLimitIsInForceForTheNextCall() {
    spend(1L, "1.00");
    AtomicReference<BudgetBook> book = new AtomicReference<>(book(true, daily("1.00")));
    BudgetEnforcer budgets = enforcer(store, book);
    assertThat(budgets.admit(PR_1, CENT)).isInstanceOf(Admission.Refused.class);

    book.set(book(true, daily("1.01")));

    assertThat(budgets.admit(PR_1, CENT)).isInstanceOf(Admission.Admitted.class);
    assertThat(budgets.admit(PR_1, CENT)).isInstanceOf(Admission.Refused.class);
  }

  @Test
  void anUnreachableStoreForwardsOrRefusesAsBudgetsFailOpenSaysAndIsLoggedOnce() {
    ListAppender<ILoggingEvent> log = capture();
    BudgetLedger down = counting(store, new AtomicInteger(), new StoreUnavailableException("connection refused"));
    AtomicReference<BudgetBook> book = new AtomicReference<>(book(true, daily("1.00")));
    BudgetEnforcer budgets = enforcer(down, book);

    for (int i = 0; i < 5; i++) {
      Admission a = budgets.admit(PR_1, CENT);
      assertThat(a).isInstanceOf(Admission.Admitted.class);
      assertThat(((Admission.Admitted) a).ticket()).as("nothing held").isSameAs(Ticket.NONE);
    }
    book.set(book(false, daily("1.00")));
    assertThat(budgets.admit(PR_1, CENT)).isInstanceOf(Admission.StoreDown.class);
    assertThat(log.list).filteredOn(e -> e.getFormattedMessage().contains("cannot be reached")).hasSize(1);
  }

  @Test
  void anIdleLeaseNearTheLimitGivesItsUnusedPartBackThenIsReleased() {
    BudgetEnforcer budgets = enforcer(daily("1.00")); // 16 calls' worth is more than 1/8 of what is left
    String key = daily("1.00").periodKey(NOW);
    Admission.Admitted a = (Admission.Admitted) budgets.admit(PR_1, CENT);
    assertThat(store.reserved(key, NOW).get(key)).as("the call and 1/8 of what is left").isEqualTo(Usd.of("0.135"));

    complete(a.ticket(), 1_000);
    clock.advance(Duration.ofSeconds(3));
    budgets.sweep();
    assertThat(store.reserved(key, clock.instant()).getOrDefault(key, Usd.ZERO)).as("nothing held once idle")
        .isEqualTo(Usd.ZERO);

    clock.advance(Duration.ofSeconds(61));
    budgets.sweep();
    assertThat(budgets.leases()).isZero();
  }

  @Test
  void anIdleLeaseFarFromTheLimitKeepsOneChunkSoTheNextCallDoesNotWaitThenIsReleased() {
    BudgetEnforcer budgets = enforcer(daily("1000"));
    String key = daily("1000").periodKey(NOW);
    Admission.Admitted a = (Admission.Admitted) budgets.admit(PR_1, CENT);
    assertThat(store.reserved(key, NOW).get(key)).as("the call and 16 more calls' worth").isEqualTo(Usd.of("0.17"));

    complete(a.ticket(), 1_000);
    clock.advance(Duration.ofSeconds(3));
    budgets.sweep();
    assertThat(store.reserved(key, clock.instant()).getOrDefault(key, Usd.ZERO)).as("one chunk kept while idle")
        .isEqualTo(Usd.of("0.16"));
    long waits = budgets.waitedForStore();
    complete(((Admission.Admitted) budgets.admit(PR_1, CENT)).ticket(), 1_000);
    assertThat(budgets.waitedForStore()).as("the call after the pause is admitted in memory").isEqualTo(waits);

    clock.advance(Duration.ofSeconds(61));
    budgets.sweep();
    assertThat(budgets.leases()).isZero();
    assertThat(store.reserved(key, clock.instant()).getOrDefault(key, Usd.ZERO)).isEqualTo(Usd.ZERO);
  }

  @Test
  void theTightestBudgetInScopeIsTheOneWithLeastLeft() {
    spend(1L, "0.30");
    Budget warnOnly = new Budget("warn-only", BudgetScope.EVERYTHING, BudgetPeriod.MONTH, Usd.of("0.50"), List.of(), false);
    BudgetEnforcer budgets = enforcer(daily("1.00"), warnOnly);

    Admission first = budgets.admit(PR_1, CENT);
    assertThat(first.tightest()).isEqualTo(new Headroom("warn-only", Usd.of("0.20")));

    Budget tight = new Budget("tight", BudgetScope.EVERYTHING, BudgetPeriod.DAY, Usd.of("0.40"), List.of(), true);
    BudgetEnforcer other = enforcer(tight, warnOnly);
    assertThat(other.admit(PR_1, CENT).tightest()).as("0.40 - 0.30 spent - this call's worst case")
        .isEqualTo(new Headroom("tight", Usd.of("0.09")));
  }

  @Test
  void theRemainingMoneyFollowsWhatOtherProcessesSpendWithoutAStoreWrite() {
    AtomicInteger leaseCalls = new AtomicInteger();
    BudgetEnforcer budgets = enforcer(counting(store, leaseCalls, null), new AtomicReference<>(book(true, daily("1.00"))));
    assertThat(budgets.admit(PR_1, CENT).tightest()).isEqualTo(new Headroom("daily", Usd.of("0.99")));

    spend(1L, "0.50"); // another replica's call
    clock.advance(Duration.ofMillis(1500));
    budgets.admit(PR_1, CENT);
    budgets.sweep();

    assertThat(budgets.admit(PR_1, CENT).tightest()).as("1.00 - 0.50 spent - 3 calls in flight")
        .isEqualTo(new Headroom("daily", Usd.of("0.47")));
    assertThat(leaseCalls.get()).as("one growth; the view was read, not written").isEqualTo(1);
  }

  @Test
  void withEnforceErrorThresholdAPrsErrorThresholdIsOneMoreEnforcedBudget() {
    settings = new CostSettings(true, new Thresholds(Usd.of("0.01"), Usd.of("0.02")), null, PRICES);
    BudgetEnforcer budgets = enforcer(store, new AtomicReference<>(new BudgetBook(Map.of(), List.of(), true, true)));

    assertThat(budgets.admit(PR_1, CENT)).isInstanceOf(Admission.Admitted.class);
    assertThat(budgets.admit(PR_1, CENT)).isInstanceOf(Admission.Admitted.class);
    assertThat(((Admission.Refused) budgets.admit(PR_1, CENT)).budget()).isEqualTo("error_threshold");
    assertThat(budgets.admit(new BudgetSubject(REPO, 2L, "rex", null), CENT)).isInstanceOf(Admission.Admitted.class);

    BudgetEnforcer off = enforcer(store, new AtomicReference<>(new BudgetBook(Map.of(), List.of(), true, false)));
    assertThat(off.admit(PR_1, CENT)).as("enforce_error_threshold: false").isEqualTo(Admission.Admitted.FREE);
  }

  /** Agents may hide the refusal (Codex): the operator gets one log line per budget key a minute, and every refusal counted. */
  @Test
  void refusalsAreCountedEachAndLoggedOncePerKeyAMinute() {
    ListAppender<ILoggingEvent> log = capture();
    spend(1L, "5.00");
    BudgetEnforcer budgets = enforcer(daily("1.00"));
    List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    budgets.onRefusal(r -> told.add(r.budget()));

    for (int i = 0; i < 5; i++) {
      assertThat(budgets.admit(PR_1, new CallShape("m", 1_000L, 0))).isInstanceOf(Admission.Refused.class);
    }
    clock.advance(Duration.ofSeconds(61));
    assertThat(budgets.admit(new BudgetSubject(REPO, 1L, "rex\nFAKE LOG LINE", null), CENT)).isInstanceOf(Admission.Refused.class);

    assertThat(told).containsExactly("daily", "daily", "daily", "daily", "daily", "daily");
    List<String> warnings = log.list.stream().filter(e -> e.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("refused a call")).toList();
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0)).contains("budget 'daily' refused a call", "agent rex", "model m", "$5 spent", "$1 limit",
        "cost_budget_refusals_total");
    assertThat(warnings.get(1)).contains("agent rex?FAKE LOG LINE").doesNotContain("\n");
  }

  private ListAppender<ILoggingEvent> capture() {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger logger = (Logger) LoggerFactory.getLogger(BudgetEnforcer.class);
    logger.setLevel(Level.INFO);
    logger.addAppender(log);
    return log;
  }

  /** The store, counting lease calls, or failing every call with {@code failure}. */
  private static BudgetLedger counting(BudgetLedger store, AtomicInteger leaseCalls, RuntimeException failure) {
    return (BudgetLedger) Proxy.newProxyInstance(BudgetLedger.class.getClassLoader(), new Class<?>[] {BudgetLedger.class},
        (proxy, method, args) -> {
          if (failure != null) {
            throw failure;
          }
          if (method.getName().equals("lease")) {
            leaseCalls.incrementAndGet();
          }
          try {
            return method.invoke(store, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
