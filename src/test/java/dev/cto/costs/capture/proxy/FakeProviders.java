package dev.cto.costs.capture.proxy;

import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.Usd;
import java.nio.file.Path;

/**
 * The loopback fake provider ({@link FakeProviderServer}) for tests in other packages, e.g. the
 * client's framework adapters driving a framework's real provider clients. It exposes only what
 * such a test needs: the base URLs, each scenario's model, response id and reported tokens, and the
 * service config that prices the fake models.
 */
public final class FakeProviders implements AutoCloseable {

  /** One canned call: ask for {@code model}, and the fake answers with {@code id} and {@code usage}. */
  public record Call(String model, String id, TokenCounts usage) {}

  private final FakeProviderServer server;

  private FakeProviders(FakeProviderServer server) {
    this.server = server;
  }

  public static FakeProviders start() {
    return new FakeProviders(FakeProviderServer.start());
  }

  /** Anthropic's base URL (the client adds {@code /v1/messages}). */
  public String anthropicBaseUrl() {
    return server.anthropicBaseUrl();
  }

  /** OpenAI's base URL without {@code /v1}. */
  public String openAiBaseUrl() {
    return server.openAiBaseUrl();
  }

  /** Requests received for this call's model so far. */
  public long requestsFor(Call call) {
    return server.requests().stream().filter(r -> call.model().equals(r.model())).count();
  }

  /** By scenario name: {@code ANTHROPIC_JSON}, {@code ANTHROPIC_STREAM}, {@code OPENAI_JSON}, {@code OPENAI_STREAM_WITH_USAGE}, ... */
  public static Call call(String scenario) {
    Scenario s = Scenario.valueOf(scenario);
    return new Call(s.model(), s.messageId, s.usage);
  }

  /** The service config: the fake models priced per token kind, and the proxy's upstreams at this fake. */
  public String serviceConfig(Path spool) {
    return ProxyTestConfig.json(server, spool);
  }

  /** What {@code tokens} cost at {@link #serviceConfig}'s prices, worked out apart from the code under test. */
  public static Usd expectedCost(TokenCounts tokens) {
    return ProxyTestConfig.expectedCost(tokens);
  }

  @Override
  public void close() {
    server.close();
  }
}
