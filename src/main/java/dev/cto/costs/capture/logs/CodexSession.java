package dev.cto.costs.capture.logs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cto.costs.domain.TokenCounts;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads one Codex rollout file line by line. Stateful: the session id and cwd come from
 * {@code session_meta}, the model from the latest {@code turn_context}, and the cumulative total
 * tells a new turn from a re-emitted {@code token_count} event. The state is saved with the file's
 * offset so an incremental run can resume in the middle of a file.
 */
final class CodexSession implements LogFormat.FileReader {

  static final String CLI = "codex";

  private final Map<String, String> state;
  private final String fallbackSessionId;

  /** @param state what an earlier run left (empty for a file read from its start) */
  CodexSession(Map<String, String> state, String fallbackSessionId) {
    this.state = new HashMap<>(state);
    this.fallbackSessionId = fallbackSessionId;
  }

  @Override
  public Map<String, String> state() {
    return Map.copyOf(state);
  }

  /** The call a line reports, or null: other events, and {@code token_count} events repeating the last total. */
  @Override
  public LogCall parse(byte[] buf, int off, int len) throws BadLineException {
    JsonNode line = Json.object(buf, off, len);
    String type = Json.requireText(line, "type", "");
    JsonNode payload = line.path("payload");
    switch (type) {
      case "session_meta" -> {
        put("sessionId", Json.text(payload, "id"));
        put("cwd", Json.text(payload, "cwd"));
        return null;
      }
      case "turn_context" -> {
        put("model", Json.text(payload, "model"));
        put("cwd", Json.text(payload, "cwd"));
        return null;
      }
      case "event_msg" -> {
        return "token_count".equals(Json.text(payload, "type")) ? tokenCount(line, payload.path("info")) : null;
      }
      default -> {
        return null;
      }
    }
  }

  private LogCall tokenCount(JsonNode line, JsonNode info) throws BadLineException {
    if (info.isMissingNode() || info.isNull()) {
      return null; // Codex emits rate-limit-only events before the first turn
    }
    JsonNode total = info.get("total_token_usage");
    JsonNode last = info.get("last_token_usage");
    if (total == null || !total.isObject() || (last != null && !last.isObject())) {
      throw new BadLineException("unknown shape: token_count without total_token_usage");
    }
    String totalKey = Json.count(total, "input_tokens") + "/" + Json.count(total, "output_tokens") + "/"
        + Json.count(total, "total_tokens");
    if (totalKey.equals(state.get("lastTotal"))) {
      return null; // the same turn reported again: the cumulative total did not move
    }
    long[] totals = {Json.count(total, "input_tokens"), Json.count(total, "cached_input_tokens"),
        Json.count(total, "output_tokens")};
    long[] turn = last != null
        ? new long[] {Json.count(last, "input_tokens"), Json.count(last, "cached_input_tokens"), Json.count(last, "output_tokens")}
        : since(totals);
    state.put("lastTotal", totalKey);
    state.put("lastTotals", totals[0] + "/" + totals[1] + "/" + totals[2]);
    long input = turn[0];
    long cached = Math.min(input, turn[1]);
    // Codex input includes the cached part and output includes reasoning; ours keep cache reads apart
    TokenCounts tokens = new TokenCounts(input - cached, turn[2], 0, 0, cached);
    String sessionId = state.getOrDefault("sessionId", fallbackSessionId);
    String model = state.getOrDefault("model", "unknown");
    // the log has no provider request id; the session and its cumulative total name a turn for good
    String id = "codex:" + sessionId + ":" + totalKey;
    SessionContext context = new SessionContext(CLI, sessionId, state.get("cwd"), null, null);
    return new LogCall(id, model, Json.timestamp(line), tokens, null, context);
  }

  /** Older Codex versions report only the running total: a turn is what it added since the last event. */
  private long[] since(long[] totals) {
    String before = state.get("lastTotals");
    long[] turn = totals.clone();
    if (before != null) {
      String[] parts = before.split("/");
      for (int i = 0; i < 3; i++) {
        turn[i] = totals[i] - Long.parseLong(parts[i]);
      }
    }
    // a total that went down started over (a new conversation in the same file): all of it is new
    return turn[0] < 0 || turn[1] < 0 || turn[2] < 0 ? totals : turn;
  }

  private void put(String key, String value) {
    if (value != null) {
      state.put(key, value);
    }
  }
}
