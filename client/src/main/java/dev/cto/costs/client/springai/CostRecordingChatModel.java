package dev.cto.costs.client.springai;

import dev.cto.costs.client.CostInterceptor;
import dev.cto.costs.client.ExecutionContext;
import dev.cto.costs.client.UsageSink;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;

/**
 * A Spring AI {@link ChatModel} that records the token usage of every call the model it wraps
 * makes, charged to the {@link ExecutionContext} in scope ({@link ExecutionScope}, else the
 * interceptor's own). Wrap the provider's model where it is built, and use the wrapper everywhere,
 * e.g. {@code ChatClient.create(new CostRecordingChatModel(anthropicChatModel, sink, context))}.
 *
 * <p>The record's model is the one the provider answered with (else the one asked for, else
 * {@code unknown}: the tokens are kept even when the name is not), its id the provider's response
 * id, so a call also seen by the proxy or by OTLP counts once. Tokens and cache tokens are read as
 * {@link SpringAiUsage} describes. A stream is recorded once, when it completes (or is cancelled
 * after its usage arrived), from the last chunk that reported usage; OpenAI streams report usage
 * only when asked to, which Spring AI does by default.
 *
 * <p>Like the interceptor it never throws into Spring AI: a response without usage, or a failing
 * sink, is counted in {@link CostInterceptor#dropped()}; the call's own result and exceptions pass
 * through unchanged, and a call that fails is not recorded.
 */
public final class CostRecordingChatModel implements ChatModel {

  static final String UNKNOWN_MODEL = "unknown";

  private final ChatModel delegate;
  private final CostInterceptor interceptor;
  private final String provider;

  /** Records to {@code sink}; calls outside any {@link ExecutionScope} are charged to {@code context}. */
  public CostRecordingChatModel(ChatModel delegate, UsageSink sink, ExecutionContext context) {
    this(delegate, new CostInterceptor(sink, context));
  }

  /** Shares the interceptor's sink, default context and counters. */
  public CostRecordingChatModel(ChatModel delegate, CostInterceptor interceptor) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.interceptor = Objects.requireNonNull(interceptor, "interceptor");
    this.provider = SpringAiUsage.provider(delegate.getClass());
  }

  public CostInterceptor interceptor() {
    return interceptor;
  }

  public ChatModel delegate() {
    return delegate;
  }

  @Override
  public ChatResponse call(Prompt prompt) {
    ExecutionContext context = contextInScope();
    ChatResponse response = delegate.call(prompt);
    record(context, prompt, response);
    return response;
  }

  @Override
  public Flux<ChatResponse> stream(Prompt prompt) {
    // read on the caller's thread: the stream's signals arrive on the HTTP client's threads
    ExecutionContext inScope = contextInScope();
    return Flux.deferContextual(reactorContext -> {
      ExecutionContext context = reactorContext.getOrDefault(ExecutionScope.REACTOR_KEY, inScope);
      AtomicReference<ChatResponse> withUsage = new AtomicReference<>();
      return delegate.stream(prompt)
          .doOnNext(chunk -> {
            if (SpringAiUsage.reportsUsage(chunk)) {
              withUsage.set(chunk);
            }
          })
          // before the subscriber hears of the end (doFinally would run after): a caller that
          // flushes the sink once the stream is done finds the record already in it
          .doOnComplete(() -> record(context, prompt, withUsage.get()))
          .doOnCancel(() -> {
            if (withUsage.get() != null) {
              record(context, prompt, withUsage.get());
            }
          });
    });
  }

  @Override
  public ChatOptions getOptions() {
    return delegate.getOptions();
  }

  private ExecutionContext contextInScope() {
    return ExecutionScope.current().orElse(interceptor.context());
  }

  private void record(ExecutionContext context, Prompt prompt, ChatResponse response) {
    String model = model(response, prompt);
    try {
      interceptor.record(context, model, SpringAiUsage.callUsage(response, provider));
    } catch (RuntimeException e) { // a metadata accessor that throws must not fail the call
      interceptor.record(context, model, null);
    }
  }

  private String model(ChatResponse response, Prompt prompt) {
    if (response != null && response.getMetadata() != null && hasText(response.getMetadata().getModel())) {
      return response.getMetadata().getModel();
    }
    if (prompt != null && prompt.getOptions() != null && hasText(prompt.getOptions().getModel())) {
      return prompt.getOptions().getModel();
    }
    ChatOptions defaults = delegate.getOptions();
    return defaults != null && hasText(defaults.getModel()) ? defaults.getModel() : UNKNOWN_MODEL;
  }

  private static boolean hasText(String s) {
    return s != null && !s.isBlank();
  }
}
