package dev.cto.costs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cto.costs.domain.TokenCounts;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks a model call against the collector's enforced budgets before it is made, for agents that
 * do not go through its proxy: the same reservation protocol over HTTP (docs/budgets.md, "The Java
 * client"). {@link #reserve} holds the call's worst case or throws {@link BudgetExceededException};
 * {@link #settle} turns it into the call's actual cost; {@link #release} drops it when the call
 * failed. {@link CostInterceptor#interceptWithinBudget} does all three around a call.
 *
 * <p>When the budgets cannot be checked (the collector is unreachable, busy, or its store is down
 * and it refuses unchecked calls), the gate fails open by default: the call goes unchecked and a
 * throttled warning is logged. {@link #failClosed()} makes such a call throw {@link
 * BudgetUnavailableException} instead. Thread-safe; share one per collector.
 */
public final class BudgetGate {

  private static final System.Logger LOG = System.getLogger(BudgetGate.class.getName());
  private static final ThrottledWarning WARNING = new ThrottledWarning(LOG);
  /** Money read as exact decimals, never through a double. */
  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
  private static final String PATH = "/v1/budgets/reservations";

  private final HttpClient http;
  private final String base;
  private final String authorization;
  private final Duration requestTimeout;
  private final boolean failOpen;
  private final AtomicLong unchecked;

  private BudgetGate(HttpClient http, String base, String authorization, Duration requestTimeout, boolean failOpen,
      AtomicLong unchecked) {
    this.http = http;
    this.base = base;
    this.authorization = authorization;
    this.requestTimeout = requestTimeout;
    this.failOpen = failOpen;
    this.unchecked = unchecked;
  }

  /**
   * @param server the collector's base URL, e.g. {@code http://costs:8080}
   * @param bearerToken the collector's API token, or null/blank for none
   */
  public static BudgetGate forCollector(String server, String bearerToken) {
    // HTTP/1.1, as CollectorClient: the JDK's cleartext HTTP/2 upgrade stalled under concurrent load
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    return new BudgetGate(http, server.replaceAll("/+$", ""),
        bearerToken == null || bearerToken.isBlank() ? null : "Bearer " + bearerToken.trim(), Duration.ofSeconds(10),
        true, new AtomicLong());
  }

  /** A gate that refuses calls it cannot check ({@link BudgetUnavailableException}). */
  public BudgetGate failClosed() {
    return new BudgetGate(http, base, authorization, requestTimeout, false, unchecked);
  }

  /** How long one request to the collector may take before the budgets count as unavailable. */
  public BudgetGate withRequestTimeout(Duration timeout) {
    return new BudgetGate(http, base, authorization, timeout, failOpen, unchecked);
  }

  /** Calls let through unchecked so far because the budgets could not be checked (failing open). */
  public long unchecked() {
    return unchecked.get();
  }

  /**
   * Holds the call's worst case against the enforced budgets covering it.
   *
   * @throws BudgetExceededException an enforced budget has no room for it: do not make the call
   * @throws BudgetUnavailableException the budgets cannot be checked and the gate fails closed
   * @throws IllegalArgumentException the collector refused the request as invalid (its message names the field)
   */
  public BudgetReservation reserve(ExecutionContext context, CallEstimate estimate) {
    ObjectNode body = JSON.createObjectNode();
    body.put("repository", context.repository());
    if (context.prNumber() != null) {
      body.put("pr_number", context.prNumber());
    }
    body.put("agent", context.agent());
    body.put("stage", context.stage());
    body.put("model", estimate.model());
    body.put("max_input_tokens", estimate.maxInputTokens());
    if (estimate.maxOutputTokens() != null) {
      body.put("max_output_tokens", estimate.maxOutputTokens());
    }
    HttpResponse<String> answer;
    try {
      answer = send(post(PATH, body));
    } catch (IOException e) {
      return unavailable(0, "the collector cannot be reached (" + e.getClass().getSimpleName() + ")", e);
    }
    JsonNode doc = read(answer.body());
    int status = answer.statusCode();
    if (status == 200 || status == 201) {
      return new BudgetReservation(text(doc, "id"), text(doc, "budget"), money(doc, "reserved_usd"),
          money(doc, "remaining_usd"), doc.hasNonNull("expires_at") ? Instant.parse(doc.get("expires_at").asText()) : null,
          text(doc, "reason"));
    }
    if (status == 429) {
      throw new BudgetExceededException(text(doc, "error"), text(doc, "budget"), money(doc, "limit_usd"),
          money(doc, "spent_usd"), money(doc, "reserved_usd"),
          doc.hasNonNull("retry_after_seconds") ? doc.get("retry_after_seconds").asLong() : null);
    }
    String error = doc.hasNonNull("error") ? doc.get("error").asText() : "HTTP " + status;
    if (status == 400) {
      throw new IllegalArgumentException("the collector refused the budget reservation: " + error);
    }
    if (status == 408 || status == 429 || status >= 500) {
      return unavailable(status, error, null);
    }
    // 401, 404 (a collector without budget reservations): a setup problem, not an outage to ride out
    throw new IllegalStateException("budget reservation failed with HTTP " + status + ": " + error);
  }

  /**
   * The call is done: its reservation holds the actual cost until the record {@code recordId} is
   * stored. A failure is logged, never thrown: the reservation then expires, and the record counts.
   *
   * @return whether the collector settled it
   */
  public boolean settle(BudgetReservation reservation, String recordId, String model, TokenCounts tokens) {
    if (!reservation.held()) {
      return true;
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("record_id", recordId);
    body.put("model", model);
    body.put("input_tokens", tokens.input());
    body.put("output_tokens", tokens.output());
    body.put("cache_creation_input_tokens", tokens.cacheCreation());
    body.put("cache_creation_1h_input_tokens", tokens.cacheWrite1h());
    body.put("cache_read_input_tokens", tokens.cacheRead());
    return quietly("settle", reservation, post(PATH + "/" + encoded(reservation.id()) + "/settle", body));
  }

  /** The call failed: its reservation is dropped. A failure is logged (it expires), never thrown. */
  public boolean release(BudgetReservation reservation) {
    if (!reservation.held()) {
      return true;
    }
    return quietly("release", reservation, request(PATH + "/" + encoded(reservation.id())).DELETE().build());
  }

  private boolean quietly(String what, BudgetReservation reservation, HttpRequest request) {
    try {
      HttpResponse<String> answer = send(request);
      if (answer.statusCode() / 100 == 2) {
        return true;
      }
      JsonNode doc = read(answer.body());
      LOG.log(System.Logger.Level.WARNING, "cannot " + what + " budget reservation " + reservation.id() + ": HTTP "
          + answer.statusCode() + " " + (doc.hasNonNull("error") ? doc.get("error").asText() : ""));
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot " + what + " budget reservation " + reservation.id()
          + " (it expires at " + reservation.expiresAt() + "): " + e);
    }
    return false;
  }

  private BudgetReservation unavailable(int status, String why, Throwable cause) {
    if (!failOpen) {
      throw new BudgetUnavailableException(status, "budgets cannot be checked: " + why, cause);
    }
    WARNING.warn(unchecked.incrementAndGet(), "budgets cannot be checked, the call goes unchecked (fail open): " + why);
    return BudgetReservation.unchecked("budgets cannot be checked: " + why);
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while asking the collector");
    }
  }

  private HttpRequest post(String path, ObjectNode body) {
    try {
      return request(path).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout)
        .header("Accept", "application/json").header("User-Agent", "cto-costs-java-client");
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b;
  }

  private static String encoded(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  private static JsonNode read(String body) {
    try {
      JsonNode doc = body == null || body.isBlank() ? null : JSON.readTree(body);
      return doc == null ? JSON.createObjectNode() : doc;
    } catch (IOException notJson) {
      return JSON.createObjectNode(); // a proxy's HTML error page
    }
  }

  private static String text(JsonNode doc, String field) {
    return doc.hasNonNull(field) ? doc.get(field).asText() : null;
  }

  private static BigDecimal money(JsonNode doc, String field) {
    return doc.hasNonNull(field) ? new BigDecimal(doc.get(field).asText()) : null;
  }
}
