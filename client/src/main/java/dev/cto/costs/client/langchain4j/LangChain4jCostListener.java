package dev.cto.costs.client.langchain4j;

import dev.cto.costs.client.CostInterceptor;
import dev.cto.costs.client.ExecutionContext;
import dev.cto.costs.client.UsageSink;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

/**
 * Records the usage of every chat model response LangChain4j reports, charged to the listener's
 * {@link ExecutionContext}. Register it on the model, e.g. {@code
 * AnthropicChatModel.builder()....listeners(List.of(new LangChain4jCostListener(sink, context)))}.
 * One listener per context: build another (or use {@link CostInterceptor#withContext}) when the
 * agent moves to another PR, stage or iteration.
 *
 * <p>The record's model is the one the provider answered with (falling back to the one asked for,
 * then to {@code unknown}: the tokens are kept even when the name is not), its id the provider's
 * response id. Cache tokens are read as {@link LangChain4jUsage} describes. Like the interceptor it
 * never throws into LangChain4j: a response without usage, or a failing sink, is counted in {@link
 * CostInterceptor#dropped()}.
 */
public final class LangChain4jCostListener implements ChatModelListener {

  static final String UNKNOWN_MODEL = "unknown";

  private final CostInterceptor interceptor;

  public LangChain4jCostListener(UsageSink sink, ExecutionContext context) {
    this(new CostInterceptor(sink, context));
  }

  /** Shares the interceptor's sink, context and counters. */
  public LangChain4jCostListener(CostInterceptor interceptor) {
    this.interceptor = interceptor;
  }

  public CostInterceptor interceptor() {
    return interceptor;
  }

  @Override
  public void onResponse(ChatModelResponseContext context) {
    ChatResponse response = context.chatResponse();
    String model = model(response, context.chatRequest());
    if (response == null || response.tokenUsage() == null) {
      interceptor.record(model, null);
      return;
    }
    interceptor.record(model, LangChain4jUsage.callUsage(response.tokenUsage(), response.id(), context.modelProvider()));
  }

  private static String model(ChatResponse response, ChatRequest request) {
    if (response != null && response.modelName() != null && !response.modelName().isBlank()) {
      return response.modelName();
    }
    if (request != null && request.modelName() != null && !request.modelName().isBlank()) {
      return request.modelName();
    }
    return UNKNOWN_MODEL;
  }
}
