/**
 * The in-process capture path for Java callers: {@link dev.cto.costs.client.CostInterceptor} wraps
 * a model call made in an {@link dev.cto.costs.client.ExecutionContext} (PR, agent, stage,
 * iteration), reads its usage through a caller-supplied {@link dev.cto.costs.client.UsageExtractor},
 * and hands a {@link dev.cto.costs.domain.UsageRecord} to a {@link dev.cto.costs.client.UsageSink};
 * {@link dev.cto.costs.client.RemoteUsageSink} batches records to a collector's {@code POST
 * /v1/usage}.
 *
 * <p>It lives inside agent processes, not the collector, so it depends only on the domain, the JDK
 * and Jackson (an ArchUnit rule keeps it so): embedding it pulls in no store, web server or
 * framework. Framework adapters live in subpackages (e.g. {@code client.langchain4j}) so this
 * package never needs their jars on the class path. It logs through {@link java.lang.System.Logger},
 * which the host routes to its own logging backend.
 */
package dev.cto.costs.client;
