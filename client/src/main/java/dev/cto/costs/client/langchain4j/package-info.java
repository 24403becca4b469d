/**
 * The LangChain4j adapter of the client: a {@code ChatModelListener} that records every chat
 * response's token usage through a {@link dev.cto.costs.client.CostInterceptor}.
 *
 * <p>A package of its own because it is the only code that touches LangChain4j, which the host
 * application brings ({@code langchain4j-core} is a provided dependency): the rest of the client
 * works without it on the class path.
 */
package dev.cto.costs.client.langchain4j;
