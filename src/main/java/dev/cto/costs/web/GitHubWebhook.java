package dev.cto.costs.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.domain.PrOutcome;
import dev.cto.costs.outcomes.PullRequestJson;
import dev.cto.costs.store.PrOutcomes;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code POST /v1/github/webhook}: GitHub's {@code pull_request} events keep PR outcomes current.
 * GitHub cannot send the API's bearer token, so this route is exempt from it; instead every
 * delivery must carry {@code X-Hub-Signature-256}, the HMAC-SHA256 of the raw body under the
 * shared secret ({@code GITHUB_WEBHOOK_SECRET}), checked in constant time before anything is read.
 * Without a secret the route refuses everything: an unsigned route would let anyone write outcomes.
 */
final class GitHubWebhook {

  static final String PATH = "/v1/github/webhook";
  static final String SIGNATURE = "X-Hub-Signature-256";

  /** The actions that change what an outcome holds (state, merge, size); others carry nothing new. */
  static final Set<String> ACTIONS = Set.of("opened", "closed", "reopened", "synchronize", "edited");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final byte[] secret;
  private final PrOutcomes outcomes;
  private final Clock clock;

  /** @param secret the webhook's shared secret; null or blank: not configured, every delivery refused */
  GitHubWebhook(String secret, PrOutcomes outcomes, Clock clock) {
    this.secret = secret == null || secret.isBlank() ? null : secret.getBytes(StandardCharsets.UTF_8);
    this.outcomes = outcomes;
    this.clock = clock;
  }

  void handle(Context ctx) {
    if (secret == null) {
      ctx.status(503).json(ApiError.of("the GitHub webhook is not configured: set GITHUB_WEBHOOK_SECRET to the secret"
          + " entered in the repository's webhook settings and restart `costs serve` (see docs/operators.md)"));
      return;
    }
    byte[] body = ctx.bodyAsBytes(); // bounded by the server's request size limit (413 beyond)
    String signature = ctx.header(SIGNATURE);
    if (signature == null) {
      ctx.status(401).json(ApiError.of("missing " + SIGNATURE + " header: GitHub sends it when the webhook has a secret"));
      return;
    }
    if (!MessageDigest.isEqual(expected(body), signature.trim().getBytes(StandardCharsets.US_ASCII))) {
      ctx.status(401).json(ApiError.of("invalid " + SIGNATURE + ": the body is not signed with this server's"
          + " GITHUB_WEBHOOK_SECRET (do the webhook's secret and the server's match?)"));
      return;
    }
    String event = ctx.header("X-GitHub-Event");
    if ("ping".equals(event)) {
      ctx.json(Map.of("status", "ok", "event", "ping"));
      return;
    }
    if (!"pull_request".equals(event)) {
      ctx.status(202).json(ignored(event == null ? "no X-GitHub-Event header" : "event " + event + " is not used"));
      return;
    }
    JsonNode payload;
    try {
      payload = JSON.readTree(body);
    } catch (IOException e) { // the body is in memory: only a parse failure lands here
      ctx.status(400).json(ApiError.of("malformed JSON: "
          + (e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage())));
      return;
    }
    if (payload == null || !payload.isObject()) {
      ctx.status(400).json(ApiError.of("malformed payload: must be a JSON object"));
      return;
    }
    String action = payload.path("action").asText("");
    if (!ACTIONS.contains(action)) {
      ctx.status(202).json(ignored("action " + (action.isEmpty() ? "(none)" : action) + " does not change the outcome"));
      return;
    }
    PrOutcome outcome = PullRequestJson.outcome(payload, clock.instant()); // IllegalArgumentException: 400
    boolean stored = outcomes.saveOutcomes(List.of(outcome)) == 1;
    Map<String, Object> answer = new LinkedHashMap<>();
    // unchanged: a replay, or an older event arriving after a newer one (GitHub's updated_at decides)
    answer.put("status", stored ? "stored" : "unchanged");
    answer.put("repository", outcome.repository());
    answer.put("pr_number", outcome.prNumber());
    answer.put("state", outcome.state().wireName());
    ctx.json(answer);
  }

  private static Map<String, String> ignored(String reason) {
    return Map.of("status", "ignored", "reason", reason);
  }

  /** {@code sha256=<hex of HMAC-SHA256(secret, body)>}, as GitHub sends it. */
  private byte[] expected(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return ("sha256=" + HexFormat.of().formatHex(mac.doFinal(body))).getBytes(StandardCharsets.US_ASCII);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
