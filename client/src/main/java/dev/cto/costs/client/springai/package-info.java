/**
 * The Spring AI adapter of the client: {@link dev.cto.costs.client.springai.CostRecordingChatModel}
 * decorates any Spring AI {@code ChatModel} and records every call's token usage (from the
 * {@code ChatResponse} metadata) through a {@link dev.cto.costs.client.CostInterceptor}, charged to
 * the {@link dev.cto.costs.client.ExecutionContext} in scope ({@link
 * dev.cto.costs.client.springai.ExecutionScope}).
 *
 * <p>A package of its own because it is the only code that touches Spring AI, which the host
 * application brings ({@code spring-ai-model} is a provided dependency): the rest of the client
 * works without it on the class path.
 */
package dev.cto.costs.client.springai;
