package dev.cto.costs.client;

/**
 * Reads what a call used from its response: the one piece of code that knows a provider SDK's
 * response type. Typically a lambda, e.g. {@code r -> CallUsage.of(r.usage().inputTokens(),
 * r.usage().outputTokens()).withRequestId(r.id())}.
 *
 * @param <T> the response type
 */
@FunctionalInterface
public interface UsageExtractor<T> {

  CallUsage usage(T response);
}
