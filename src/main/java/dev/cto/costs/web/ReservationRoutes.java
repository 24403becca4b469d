package dev.cto.costs.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.budget.Admission;
import dev.cto.costs.budget.BudgetSubject;
import dev.cto.costs.budget.CallReservations;
import dev.cto.costs.budget.CallShape;
import dev.cto.costs.budget.Headroom;
import dev.cto.costs.domain.RecordField;
import dev.cto.costs.domain.TokenCounts;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The budget reservations of callers that do not use the proxy (docs/http-api.md, "Budget
 * reservations"): {@code POST /v1/budgets/reservations} reserves a call's worst case, {@code POST
 * /v1/budgets/reservations/{id}/settle} turns it into the actual cost, {@code DELETE
 * /v1/budgets/reservations/{id}} releases it. A refusal is a 429 naming the budget, its limit, spend
 * and reservations, as the proxy's is.
 */
final class ReservationRoutes {

  static final String PATH = "/v1/budgets/reservations";

  /** Money written as plain decimals (never 1E-9), and read back exactly. */
  private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
      .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
  private static final Set<String> RESERVE_FIELDS = Set.of("repository", "pr_number", "agent", "stage", "model",
      "provider", "max_input_tokens", "input_bytes", "max_output_tokens", "ttl_seconds");
  private static final Set<String> SETTLE_FIELDS = Set.of("record_id", "model", "input_tokens", "output_tokens",
      "cache_creation_input_tokens", "cache_creation_1h_input_tokens", "cache_read_input_tokens");

  private final CallReservations reservations;

  private ReservationRoutes(CallReservations reservations) {
    this.reservations = reservations;
  }

  static void mount(JavalinConfig config, CallReservations reservations) {
    ReservationRoutes routes = new ReservationRoutes(reservations);
    config.routes.post(PATH, routes::reserve);
    config.routes.post(PATH + "/{id}/settle", routes::settle);
    config.routes.delete(PATH + "/{id}", routes::release);
    config.routes.exception(CallReservations.UnknownReservationException.class,
        (e, ctx) -> ctx.status(404).json(ApiError.of(e.getMessage())));
    config.routes.exception(CallReservations.AlreadySettledException.class,
        (e, ctx) -> ctx.status(409).json(ApiError.of(e.getMessage())));
  }

  private void reserve(Context ctx) throws IOException {
    JsonNode body = object(ctx, RESERVE_FIELDS);
    String model = RecordField.MODEL.check(text(body, "model"));
    if (model == null) {
      throw new IllegalArgumentException("model: is required");
    }
    RecordField.PROVIDER.check(text(body, "provider"));
    Long pr = count(body, "pr_number");
    if (pr != null && pr < 1) {
      throw new IllegalArgumentException("pr_number: must be a whole number >= 1, was " + pr);
    }
    // the record's own rules for each field given (a reservation names the PR its records will);
    // only the fields budgets are scoped by matter, so none is required
    RecordField.REPOSITORY.check(text(body, "repository"));
    RecordField.AGENT.check(text(body, "agent"));
    RecordField.STAGE.check(text(body, "stage"));
    Long inputTokens = count(body, "max_input_tokens");
    Long inputBytes = count(body, "input_bytes");
    if ((inputTokens == null) == (inputBytes == null)) {
      throw new IllegalArgumentException("max_input_tokens: give it, or input_bytes (the request body's size), not "
          + (inputTokens == null ? "neither" : "both"));
    }
    Long outputTokens = count(body, "max_output_tokens");
    Long ttl = count(body, "ttl_seconds");
    CallShape call = inputTokens != null ? CallShape.ofTokens(model, inputTokens, outputTokens)
        : new CallShape(model, outputTokens, inputBytes);
    CallReservations.Outcome outcome = reservations.reserve(
        new BudgetSubject(text(body, "repository"), pr, text(body, "agent"), model), call,
        ttl == null ? CallReservations.DEFAULT_TTL : Duration.ofSeconds(ttl));
    Map<String, Object> answer = new LinkedHashMap<>();
    if (outcome instanceof CallReservations.Held held) {
      answer.put("id", held.id());
      answer.put("held", true);
      answer.put("budgets", held.budgets());
      headroom(answer, held.tightest());
      answer.put("reserved_usd", dollars(held.reserved().toPlainString()));
      answer.put("expires_at", held.expiresAt().toString());
      ctx.status(201).header("Location", PATH + "/" + held.id());
    } else if (outcome instanceof CallReservations.NothingHeld free) {
      answer.put("id", null);
      answer.put("held", false);
      answer.put("reason", free.reason());
      headroom(answer, free.tightest());
      answer.put("reserved_usd", BigDecimal.ZERO);
      ctx.status(200);
    } else if (outcome instanceof CallReservations.Refused refused) {
      Admission.Refused r = refused.refusal();
      answer.put("error", r.message());
      answer.put("budget", r.budget());
      answer.put("scope", r.scope());
      answer.put("subject", r.subject());
      answer.put("limit_usd", dollars(r.limit().toPlainString()));
      answer.put("spent_usd", dollars(r.spent().toPlainString()));
      answer.put("reserved_usd", dollars(r.reserved().toPlainString()));
      answer.put("worst_case_usd", dollars(r.worstCase().toPlainString()));
      answer.put("retry_after_seconds", r.retryAfterSeconds());
      ctx.status(429).header("x-should-retry", "false");
      if (r.retryAfterSeconds() != null) {
        ctx.header("Retry-After", Long.toString(r.retryAfterSeconds()));
      }
    } else {
      answer.put("error", ((CallReservations.StoreDown) outcome).message());
      ctx.status(503).header("Retry-After", "5");
    }
    ctx.contentType("application/json").result(JSON.writeValueAsBytes(answer));
  }

  private void settle(Context ctx) throws IOException {
    JsonNode body = object(ctx, SETTLE_FIELDS);
    String recordId = RecordField.ID.check(text(body, "record_id"));
    String model = RecordField.MODEL.check(text(body, "model"));
    Long input = count(body, "input_tokens");
    Long output = count(body, "output_tokens");
    Long cacheWrites = count(body, "cache_creation_input_tokens");
    Long cacheWrites1h = count(body, "cache_creation_1h_input_tokens");
    Long cacheReads = count(body, "cache_read_input_tokens");
    boolean usage = input != null || output != null || cacheWrites != null || cacheWrites1h != null || cacheReads != null;
    if (usage && model == null) {
      throw new IllegalArgumentException("model: is required with token counts (they are priced with it)");
    }
    if (!usage && recordId == null) {
      throw new IllegalArgumentException("record_id: give it, or the call's token counts (input_tokens, output_tokens, ...)");
    }
    TokenCounts tokens = null;
    if (usage) {
      long writes = orZero(cacheWrites);
      long writes1h = orZero(cacheWrites1h);
      if (writes1h > writes && cacheWrites != null) {
        throw new IllegalArgumentException("cache_creation_1h_input_tokens: is part of cache_creation_input_tokens and "
            + "cannot exceed it (" + writes1h + " > " + writes + ")");
      }
      long writes5m = cacheWrites == null ? 0 : writes - writes1h;
      tokens = new TokenCounts(orZero(input), orZero(output), writes5m, writes1h, orZero(cacheReads));
    }
    CallReservations.Settled settled = reservations.settle(ctx.pathParam("id"), recordId, model, tokens);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("id", settled.id());
    answer.put("settled_usd", dollars(settled.settled().toPlainString()));
    answer.put("record_id", settled.recordId());
    ctx.contentType("application/json").result(JSON.writeValueAsBytes(answer));
  }

  private void release(Context ctx) {
    reservations.release(ctx.pathParam("id"));
    ctx.status(204);
  }

  private static void headroom(Map<String, Object> answer, Headroom tightest) {
    answer.put("budget", tightest == null ? null : tightest.budget());
    answer.put("remaining_usd", tightest == null ? null : dollars(tightest.remaining().toPlainString()));
  }

  private static BigDecimal dollars(String plain) {
    return new BigDecimal(plain);
  }

  private static long orZero(Long n) {
    return n == null ? 0 : n;
  }

  /** The body as a JSON object with only known fields; 400 naming the first unknown one. */
  private static JsonNode object(Context ctx, Set<String> known) {
    JsonNode body;
    try {
      byte[] bytes = ctx.bodyAsBytes();
      body = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("body: is not JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw new IllegalArgumentException("body: cannot be read (" + e.getMessage() + ")");
    }
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException("body: must be a JSON object");
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new IllegalArgumentException(name + ": is not a field of this request (known: "
            + String.join(", ", new java.util.TreeSet<>(known)) + ")");
      }
    }
    return body;
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(field + ": must be a string, was " + v.getNodeType().name().toLowerCase());
    }
    return v.asText();
  }

  /** A whole number from 0 to {@link RecordField#MAX_TOKENS}, or null when absent. */
  private static Long count(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0 || v.asLong() > RecordField.MAX_TOKENS) {
      throw new IllegalArgumentException(field + ": must be a whole number from 0 to " + RecordField.MAX_TOKENS
          + ", was " + v);
    }
    return v.asLong();
  }
}
