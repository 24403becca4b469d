package dev.cto.costs.client;

/**
 * A model call to run and measure. Unlike {@link java.util.concurrent.Callable} it declares the
 * exception type it throws, so {@link CostInterceptor#intercept} rethrows exactly that: a call that
 * throws nothing checked needs no try/catch around it.
 *
 * @param <T> the response type
 * @param <E> what the call may throw
 */
@FunctionalInterface
public interface ModelCall<T, E extends Exception> {

  T call() throws E;
}
