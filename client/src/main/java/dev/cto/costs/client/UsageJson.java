package dev.cto.costs.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cto.costs.domain.UsageRecord;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Usage records in the collector's wire format (snake_case, the form {@code POST /v1/usage} and its
 * reader take), one NDJSON line each: the one encoder of every path that sends or keeps records
 * outside the store (this client, the CLI's remote import, the sidecar proxy and the proxy's spool).
 */
public final class UsageJson {

  public static final String CONTENT_TYPE = "application/x-ndjson";

  private static final ObjectWriter WRITER = JsonMapper.builder().build().writerFor(Line.class);

  private UsageJson() {}

  /** The records as NDJSON, each line ended by a newline. */
  public static byte[] ndjson(List<UsageRecord> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(records.size() * 400);
    for (UsageRecord r : records) {
      out.writeBytes(line(r));
    }
    return out.toByteArray();
  }

  /** One record as one NDJSON line, newline included. */
  public static byte[] line(UsageRecord record) {
    try {
      byte[] json = WRITER.writeValueAsBytes(Line.of(record));
      byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
      line[json.length] = '\n';
      return line;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a usage record cannot be written as JSON", e);
    }
  }

  /**
   * One record on the wire. {@code cache_creation_input_tokens} is every cache write; the 1-hour part
   * (priced apart) is repeated in {@code cache_creation_1h_input_tokens}, which the collector accepts
   * as an extension, only when there is one. The timestamp is RFC 3339 in UTC ({@code Instant}'s form).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Line(
      @JsonProperty("id") String id,
      @JsonProperty("repository") String repository,
      @JsonProperty("pr_number") Long prNumber,
      @JsonProperty("agent") String agent,
      @JsonProperty("cli") String cli,
      @JsonProperty("model") String model,
      @JsonProperty("provider") String provider,
      @JsonProperty("input_tokens") long inputTokens,
      @JsonProperty("output_tokens") long outputTokens,
      @JsonProperty("cache_creation_input_tokens") long cacheCreationInputTokens,
      @JsonProperty("cache_creation_1h_input_tokens") Long cacheCreation1hInputTokens,
      @JsonProperty("cache_read_input_tokens") long cacheReadInputTokens,
      @JsonProperty("stage") String stage,
      @JsonProperty("iteration") int iteration,
      @JsonProperty("task_id") String taskId,
      @JsonProperty("session_id") String sessionId,
      @JsonProperty("request_id") String requestId,
      @JsonProperty("timestamp") String timestamp) {

    static Line of(UsageRecord r) {
      var a = r.attribution();
      var t = r.tokens();
      return new Line(r.id(), a.repository(), a.prNumber(), a.agent(), r.cli(), r.model(), r.provider(),
          t.input(), t.output(), t.cacheCreation(), t.cacheWrite1h() == 0 ? null : t.cacheWrite1h(), t.cacheRead(),
          a.stage(), a.iteration(), a.taskId(), r.sessionId(), r.requestId(), r.timestamp().toString());
    }
  }
}
