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

  public CostInterceptor(UsageSink sink, ExecutionContext context) {
    this(sink, context, Clock.systemUTC());
  }

  public CostInterceptor(UsageSink sink, ExecutionContext context, Clock clock) {
    this(Objects.requireNonNull(sink, "sink"), Objects.requireNonNull(context, "context"),
        Objects.requireNonNull(clock, "clock"), new Counters());
  }

  private CostInterceptor(UsageSink sink, ExecutionContext context, Clock clock, Counters counters) {
    this.sink = sink;
    this.context = context;
    this.clock = clock;
    this.counters = counters;
  }

  public ExecutionContext context() {
    return context;
  }

  /** The same sink and counters, charging calls to {@code context}. */
  public CostInterceptor withContext(ExecutionContext context) {
    return new CostInterceptor(sink, Objects.requireNonNull(context, "context"), clock, counters);
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
    if (usage == null) {
      drop(model, context, "the response reported no token usage");
      return false;
    }
    UsageRecord record;
    try {
      Objects.requireNonNull(context, "context");
      String id = usage.requestId() != null ? usage.requestId() : UUID.randomUUID().toString();
      record = new UsageRecord(id, context.attribution(), context.cli(), model, usage.provider(), usage.tokens(),
          null, usage.requestId(), clock.instant(), SOURCE); // checks the record's rules
    } catch (RuntimeException e) {
      drop(model, context, "the usage is not a valid record: " + e.getMessage());
      return false;
    }
    try {
      sink.accept(record);
    } catch (RuntimeException e) {
      // the exception's class and message only: a sink's stack trace is noise in the caller's log
      drop(model, context, "the usage sink failed: " + e);
      return false;
    }
    counters.recorded.incrementAndGet();
    return true;
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
