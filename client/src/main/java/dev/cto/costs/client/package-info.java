/**
 * The in-process capture path for Java callers: {@link dev.cto.costs.client.CostInterceptor} wraps
 * a model call made in an {@link dev.cto.costs.client.ExecutionContext} (PR, agent, stage,
 * iteration), reads its usage through a caller-supplied {@link dev.cto.costs.client.UsageExtractor},
 * and hands a {@link dev.cto.costs.domain.UsageRecord} to a {@link dev.cto.costs.client.UsageSink};
 * {@link dev.cto.costs.client.RemoteUsageSink} batches records to a collector's {@code POST
 * /v1/usage}. {@link dev.cto.costs.client.CollectorClient} is the one HTTP client of that endpoint,
 * shared with the CLI's {@code --server} and the sidecar proxy; its
 * {@link dev.cto.costs.client.CollectorException} subtypes say whether a failed request may be sent again.
 *
 * <pre>{@code
 * RemoteUsageSink sink = new RemoteUsageSink(
 *     RemoteSinkOptions.forCollector("http://costs:8080").withBearerToken(System.getenv("COST_API_TOKEN")));
 * CostInterceptor costs = new CostInterceptor(sink, ExecutionContext.builder()
 *     .repository("5dlabs/cto").prNumber(42).agent("rex").stage("code").iteration(1).build());
 * Message reply = costs.intercept("claude-sonnet-4-5", () -> anthropic.messages().create(params),
 *     m -> CallUsage.of(m.usage().inputTokens(), m.usage().outputTokens())
 *         .withCache(m.usage().cacheCreationInputTokens(), m.usage().cacheReadInputTokens())
 *         .withRequestId(m.id()));
 * ...
 * sink.close(); // on shutdown: sends what is still queued
 * }</pre>
 *
 * <p>{@link dev.cto.costs.client.BudgetGate} checks a call against the collector's enforced budgets
 * before it is made ({@code POST /v1/budgets/reservations}, the proxy's reservation protocol over
 * HTTP); {@link dev.cto.costs.client.CostInterceptor#interceptWithinBudget} reserves, calls, and
 * settles or releases around one call, and a refusal is a {@link
 * dev.cto.costs.client.BudgetExceededException} before the call is made.
 *
 * <p>It lives inside agent processes, not the collector, so it depends only on the domain, the JDK
 * and Jackson (an ArchUnit rule keeps it so): embedding it pulls in no store, web server or
 * framework. Framework adapters live in subpackages (e.g. {@code client.langchain4j}) so this
 * package never needs their jars on the class path. It logs through {@link java.lang.System.Logger},
 * which the host routes to its own logging backend.
 */
package dev.cto.costs.client;
