package dev.cto.costs.client;

import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps model calls made in one {@link ExecutionContext}, reads what each used, and hands a {@link
 * UsageRecord} to a {@link UsageSink} (the interceptor of the original design).
 *
 * <p>Recording is a side effect the caller must never feel: the call's result and exceptions pass
 * through unchanged, and a failing extractor or sink is logged (without record contents beyond the
 * model and agent) and counted in {@link #dropped()}, never thrown. A call that throws is not
 * recorded: its usage is unknown.
 *
 * <p>Thread-safe; one instance can serve every call of an agent run. {@link #withContext} derives an
 * interceptor for another context that shares the sink and the counters.
 */
public final class CostInterceptor {

  /** The capture path, as stored with each record. */
  public static final String SOURCE = "java-interceptor";

  private static final System.Logger LOG = System.getLogger(CostInterceptor.class.getName());
  private static final ThrottledWarning WARNING = new ThrottledWarning(LOG);

  private final UsageSink sink;
  private final ExecutionContext context;
  private final Clock clock;
  private final Counters counters;
  /** Asked before {@link #interceptWithinBudget} calls; null when none was given. */
  private final BudgetGate budgets;

  public CostInterceptor(UsageSink sink, ExecutionContext context) {
    this(sink, context, Clock.systemUTC());
  }

  public CostInterceptor(UsageSink sink, ExecutionContext context, Clock clock) {
    this(Objects.requireNonNull(sink, "sink"), Objects.requireNonNull(context, "context"),
        Objects.requireNonNull(clock, "clock"), new Counters(), null);
  }

  private CostInterceptor(UsageSink sink, ExecutionContext context, Clock clock, Counters counters, BudgetGate budgets) {
    this.sink = sink;
    this.context = context;
    this.clock = clock;
    this.counters = counters;
    this.budgets = budgets;
  }

  public ExecutionContext context() {
    return context;
  }

  /** The same sink and counters, charging calls to {@code context}. */
  public CostInterceptor withContext(ExecutionContext context) {
    return new CostInterceptor(sink, Objects.requireNonNull(context, "context"), clock, counters, budgets);
  }

  /** The same sink, context and counters, checking calls made with {@link #interceptWithinBudget} against {@code gate}. */
  public CostInterceptor withBudgets(BudgetGate gate) {
    return new CostInterceptor(sink, context, clock, counters, Objects.requireNonNull(gate, "gate"));
  }

  /**
   * Like {@link #intercept}, within the collector's enforced budgets: reserves the call's worst
   * case first (the call is not made when a budget has no room for it), then settles the
   * reservation to the usage the call reports, or releases it when the call throws.
   *
   * <p>When the response's usage cannot be read or recorded, the reservation is left to expire: the
   * call did spend, and holding its worst case a while is safer than forgetting it.
   *
   * @throws BudgetExceededException an enforced budget has no room for the call; it was not made
   * @throws BudgetUnavailableException the budgets cannot be checked and the gate fails closed
   * @throws E exactly what the call threw; then nothing is recorded and the reservation is released
   */
  public <T, E extends Exception> T interceptWithinBudget(CallEstimate estimate, ModelCall<T, E> call,
      UsageExtractor<? super T> usage) throws E {
    if (budgets == null) {
      throw new IllegalStateException("no BudgetGate: build the interceptor withBudgets(gate) to check budgets");
    }
    BudgetReservation reservation = budgets.reserve(context, estimate);
    T response;
    try {
      response = call.call();
    } catch (Exception | Error e) {
      budgets.release(reservation);
      throw e;
    }
    CallUsage used;
    try {
      used = usage.usage(response);
    } catch (RuntimeException e) {
      drop(estimate.model(), context, "the usage extractor failed: " + e);
      return response;
    }
    UsageRecord record = send(context, estimate.model(), used);
    if (record != null) {
      budgets.settle(reservation, record.id(), record.model(), record.tokens());
    }
    return response;
  }

  /**
   * Runs {@code call}, records its usage as read by {@code usage}, and returns its result.
   *
   * @param model the model asked for, as priced by the collector (e.g. {@code claude-sonnet-4-5})
   * @throws E exactly what the call threw; then nothing is recorded
   */
  public <T, E extends Exception> T intercept(String model, ModelCall<T, E> call, UsageExtractor<? super T> usage)
      throws E {
    T response = call.call();
    CallUsage used;
    try {
      used = usage.usage(response);
    } catch (RuntimeException e) {
      drop(model, context, "the usage extractor failed: " + e);
      return response;
    }
    record(context, model, used);
    return response;
  }

  /**
   * Records usage captured some other way, in this interceptor's context. Null usage (a response
   * that reported none) is counted in {@link #dropped()}.
   */
  public boolean record(String model, CallUsage usage) {
    return record(context, model, usage);
  }

  /** Records usage captured some other way. */
  public boolean record(ExecutionContext context, String model, TokenCounts tokens, String requestId) {
    return record(context, model, new CallUsage(tokens, requestId, null));
  }

  /**
   * Builds the record (id = the provider's request id when known, else a fresh UUID) and hands it to
   * the sink. The UUID is made here, once: a sink that re-sends the record re-sends the same id.
   *
   * @return whether the sink took the record; false means it was counted in {@link #dropped()}
   */
  public boolean record(ExecutionContext context, String model, CallUsage usage) {
    return send(context, model, usage) != null;
  }

  /** The record handed to the sink, or null when it could not be (counted in {@link #dropped()}). */
  private UsageRecord send(ExecutionContext context, String model, CallUsage usage) {
    if (usage == null) {
      drop(model, context, "the response reported no token usage");
      return null;
    }
    UsageRecord record;
    try {
      Objects.requireNonNull(context, "context");
      String id = usage.requestId() != null ? usage.requestId() : UUID.randomUUID().toString();
      record = new UsageRecord(id, context.attribution(), context.cli(), model, usage.provider(), usage.tokens(),
          null, usage.requestId(), clock.instant(), SOURCE); // checks the record's rules
    } catch (RuntimeException e) {
      drop(model, context, "the usage is not a valid record: " + e.getMessage());
      return null;
    }
    try {
      sink.accept(record);
    } catch (RuntimeException e) {
      // the exception's class and message only: a sink's stack trace is noise in the caller's log
      drop(model, context, "the usage sink failed: " + e);
      return null;
    }
    counters.recorded.incrementAndGet();
    return record;
  }

  /** Records handed to the sink so far (by this interceptor and those derived from it). */
  public long recorded() {
    return counters.recorded.get();
  }

  /** Calls whose usage could not be recorded: no usage in the response, invalid usage, sink failure. */
  public long dropped() {
    return counters.dropped.get();
  }

  private void drop(String model, ExecutionContext context, String why) {
    long n = counters.dropped.incrementAndGet();
    String agent = context == null ? "?" : context.agent();
    WARNING.warn(n, "cost usage not recorded for model " + model + " (agent " + agent + "): " + why);
  }

  private static final class Counters {
    final AtomicLong recorded = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
  }
}
