/**
 * OpenTelemetry baggage for the client: while an {@link dev.cto.costs.client.springai.ExecutionScope}
 * is open, its attribution is also in the current OpenTelemetry {@code Baggage} as {@code cto.*}
 * entries, so spans started inside the scope (Spring AI's own observations, an HTTP client's) carry
 * it once the application adds OpenTelemetry's baggage span processor, and the collector's
 * {@code /v1/traces} charges them to the scope's PR, agent, stage and iteration.
 *
 * <p>A package of its own because it is the only client code that touches the OpenTelemetry API,
 * a provided dependency the host application brings (or not): {@link
 * dev.cto.costs.client.otel.OtelBaggage} looks for it first, so the rest of the client works without
 * it on the class path.
 */
package dev.cto.costs.client.otel;
