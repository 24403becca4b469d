package dev.cto.costs.collect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.cto.costs.domain.UsageRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A usage record as one line of CONTRACT §1 JSON, the form {@link UsageRecordReader} reads back:
 * for capture paths that must keep records outside the store for a while (the proxy's spool).
 */
public final class UsageRecordJson {

  private static final JsonFactory FACTORY = new JsonFactory();

  private UsageRecordJson() {}

  public static byte[] line(UsageRecord r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(400);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      var a = r.attribution();
      var t = r.tokens();
      g.writeStartObject();
      g.writeStringField("id", r.id());
      optional(g, "repository", a.repository());
      if (a.prNumber() != null) {
        g.writeNumberField("pr_number", a.prNumber());
      }
      g.writeStringField("agent", a.agent());
      optional(g, "cli", r.cli());
      g.writeStringField("model", r.model());
      optional(g, "provider", r.provider());
      g.writeNumberField("input_tokens", t.input());
      g.writeNumberField("output_tokens", t.output());
      g.writeNumberField("cache_creation_input_tokens", t.cacheCreation());
      if (t.cacheWrite1h() > 0) {
        g.writeNumberField("cache_creation_1h_input_tokens", t.cacheWrite1h());
      }
      g.writeNumberField("cache_read_input_tokens", t.cacheRead());
      g.writeStringField("stage", a.stage());
      g.writeNumberField("iteration", a.iteration());
      optional(g, "task_id", a.taskId());
      optional(g, "session_id", r.sessionId());
      optional(g, "request_id", r.requestId());
      g.writeStringField("timestamp", r.timestamp().toString());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static void optional(JsonGenerator g, String field, String value) throws IOException {
    if (value != null) {
      g.writeStringField(field, value);
    }
  }
}
