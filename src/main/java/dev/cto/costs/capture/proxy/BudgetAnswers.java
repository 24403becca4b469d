package dev.cto.costs.capture.proxy;

import dev.cto.costs.budget.Admission;
import dev.cto.costs.budget.Headroom;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the proxy says about budgets: the headroom headers on every answer, and a refusal in the
 * provider's own error shape, so the agent's SDK raises its usual error. A refusal is a 429 with
 * {@code x-should-retry: false}: the official Anthropic and OpenAI SDKs then raise their rate-limit
 * error at once instead of retrying a call that cannot succeed before the period ends.
 */
final class BudgetAnswers {

  static final String NAME_HEADER = "x-cto-budget-name";
  static final String REMAINING_HEADER = "x-cto-budget-remaining-usd";

  private BudgetAnswers() {}

  static void headroom(ProxyExchange response, Headroom tightest) {
    if (tightest != null) {
      response.setHeader(NAME_HEADER, tightest.budget());
      response.setHeader(REMAINING_HEADER, tightest.remaining().toPlainString());
    }
  }

  static void refuse(ProxyExchange response, Provider provider, Admission.Refused refused) throws IOException {
    response.status(429);
    response.setHeader("x-should-retry", "false");
    if (refused.retryAfterSeconds() != null) {
      response.setHeader("retry-after", Long.toString(refused.retryAfterSeconds()));
    }
    write(response, errorBody(provider, 429, refused.message(), "rate_limit_error", "insufficient_quota", "budget_exceeded"));
  }

  /** The store is unreachable and {@code budgets_fail_open} is false: 503, which SDKs retry later. */
  static void unavailable(ProxyExchange response, Provider provider, Admission.StoreDown down) throws IOException {
    response.status(503);
    response.setHeader("retry-after", "5");
    write(response, errorBody(provider, 503, down.message(), "api_error", "server_error", "budget_store_unavailable"));
  }

  private static Map<String, Object> errorBody(Provider provider, int status, String message, String anthropicType,
      String openAiType, String openAiCode) {
    Map<String, Object> error = new LinkedHashMap<>();
    Map<String, Object> body = new LinkedHashMap<>();
    switch (provider) {
      case ANTHROPIC -> {
        body.put("type", "error");
        error.put("type", anthropicType);
        error.put("message", message);
      }
      case GEMINI -> {
        error.put("code", status);
        error.put("message", message);
        error.put("status", status == 429 ? "RESOURCE_EXHAUSTED" : "UNAVAILABLE");
      }
      default -> { // OpenAI and Perplexity
        error.put("message", message);
        error.put("type", openAiType);
        error.put("param", null);
        error.put("code", openAiCode);
      }
    }
    body.put("error", error);
    return body;
  }

  private static void write(ProxyExchange response, Map<String, Object> body) throws IOException {
    LlmProxy.respondJson(response, UsageTap.JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
  }
}
