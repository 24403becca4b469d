package dev.cto.costs.client.springai;

import dev.cto.costs.client.ExecutionContext;
import dev.cto.costs.client.otel.OtelBaggage;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link ExecutionContext} that model calls made on this thread are charged to, for as long as
 * the scope is open. A Spring application keeps one {@code ChatModel} bean for every agent run, so
 * the attribution cannot be fixed when the model is built; the run opens a scope around its calls
 * instead:
 *
 * <pre>{@code
 * try (ExecutionScope scope = ExecutionScope.open(context.withIteration(2))) {
 *   chatClient.prompt("fix the failing test").call().content();
 * }
 * }</pre>
 *
 * Scopes nest: closing one restores the context that was in scope before it. A stream is charged
 * to the context in scope when {@code stream(prompt)} is called, or to the one a subscriber put in
 * the Reactor context under {@link #REACTOR_KEY} (which wins, as it travels across threads).
 *
 * <p>When the OpenTelemetry API is on the class path, the scope's attribution is also the current
 * OpenTelemetry baggage ({@code cto.repository}, {@code cto.pr}, {@code cto.agent}, {@code
 * cto.stage}, {@code cto.iteration}, {@code cto.task}) until it closes ({@link OtelBaggage}): spans
 * started inside it, such as Spring AI's own observations, then carry it wherever the application's
 * baggage span processor copies baggage onto spans, and the collector's {@code /v1/traces} charges
 * them to this context rather than to the process's resource attributes.
 */
public final class ExecutionScope implements AutoCloseable {

  /** The Reactor context key a subscriber can set, e.g. {@code .contextWrite(Context.of(REACTOR_KEY, ctx))}. */
  public static final Class<ExecutionContext> REACTOR_KEY = ExecutionContext.class;

  private static final ThreadLocal<ExecutionContext> CURRENT = new ThreadLocal<>();

  private final ExecutionContext previous;
  private final OtelBaggage.Entered baggage;
  private final Thread owner;
  private boolean closed;

  private ExecutionScope(ExecutionContext previous, OtelBaggage.Entered baggage) {
    this.previous = previous;
    this.baggage = baggage;
    this.owner = Thread.currentThread();
  }

  /** Charges this thread's calls to {@code context} until {@link #close()}. */
  public static ExecutionScope open(ExecutionContext context) {
    Objects.requireNonNull(context, "context");
    ExecutionScope scope = new ExecutionScope(CURRENT.get(), OtelBaggage.enter(context));
    CURRENT.set(context);
    return scope;
  }

  /** The context in scope on this thread, if any. */
  public static Optional<ExecutionContext> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /**
   * Restores the context that was in scope before. Closing twice does nothing; closing on another
   * thread is refused, since it would change that thread's attribution instead of this one's.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("an ExecutionScope must be closed on the thread that opened it ("
          + owner.getName() + ")");
    }
    closed = true;
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
    baggage.close();
  }
}
