package dev.cto.costs.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.store.CostQueries;
import dev.cto.costs.store.UsageFilter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Streams raw records (docs/record-format.md fields plus {@code cost_usd} and {@code priced}) as a JSON array
 * or CSV, one record at a time: an export of any size needs constant memory. A JSON export can be
 * ingested again unchanged.
 */
public final class ExportWriter {

  static final List<String> FIELDS =
      List.of("id", "repository", "pr_number", "agent", "cli", "model", "provider", "input_tokens",
          "output_tokens", "cache_creation_input_tokens", "cache_creation_1h_input_tokens",
          "cache_read_input_tokens", "stage", "iteration", "task_id", "session_id", "request_id",
          "timestamp", "cost_usd", "priced");

  private ExportWriter() {}

  /** @return how many records were written */
  public static long write(CostQueries queries, UsageFilter filter, boolean csv, OutputStream out) throws IOException {
    long[] n = {0};
    if (csv) {
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      w.write(String.join(",", FIELDS) + "\r\n");
      queries.forEachRecord(filter, p -> {
        try {
          w.write(csvRow(p));
          n[0]++;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      w.flush();
      return n[0];
    }
    JsonGenerator g = ReportRenderer.JSON.getFactory().createGenerator(out, JsonEncoding.UTF8);
    g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
    g.configure(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN, true);
    g.writeStartArray();
    queries.forEachRecord(filter, p -> {
      try {
        writeJson(g, p);
        g.writeRaw('\n');
        n[0]++;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    g.writeEndArray();
    g.writeRaw('\n');
    g.flush();
    return n[0];
  }

  private static void writeJson(JsonGenerator g, PricedUsage p) throws IOException {
    UsageRecord r = p.record();
    var a = r.attribution();
    g.writeStartObject();
    g.writeStringField("id", r.id());
    if (a.repository() != null) {
      g.writeStringField("repository", a.repository());
    }
    if (a.prNumber() != null) {
      g.writeNumberField("pr_number", a.prNumber());
    }
    g.writeStringField("agent", a.agent());
    optional(g, "cli", r.cli());
    g.writeStringField("model", r.model());
    optional(g, "provider", p.provider());
    g.writeNumberField("input_tokens", r.tokens().input());
    g.writeNumberField("output_tokens", r.tokens().output());
    g.writeNumberField("cache_creation_input_tokens", r.tokens().cacheCreation());
    g.writeNumberField("cache_creation_1h_input_tokens", r.tokens().cacheWrite1h());
    g.writeNumberField("cache_read_input_tokens", r.tokens().cacheRead());
    g.writeStringField("stage", a.stage());
    g.writeNumberField("iteration", a.iteration());
    optional(g, "task_id", a.taskId());
    optional(g, "session_id", r.sessionId());
    optional(g, "request_id", r.requestId());
    g.writeStringField("timestamp", r.timestamp().toString());
    g.writeNumberField("cost_usd", new BigDecimal(p.cost().toPlainString()));
    g.writeBooleanField("priced", p.priced());
    g.writeEndObject();
  }

  private static void optional(JsonGenerator g, String field, String value) throws IOException {
    if (value != null) {
      g.writeStringField(field, value);
    }
  }

  private static String csvRow(PricedUsage p) {
    UsageRecord r = p.record();
    var a = r.attribution();
    Object[] values = {r.id(), a.repository(), a.prNumber(), a.agent(), r.cli(), r.model(), p.provider(),
        r.tokens().input(), r.tokens().output(), r.tokens().cacheCreation(), r.tokens().cacheWrite1h(),
        r.tokens().cacheRead(), a.stage(), a.iteration(), a.taskId(), r.sessionId(), r.requestId(),
        r.timestamp().toString(), p.cost().toPlainString(), p.priced()};
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      sb.append(i == 0 ? "" : ",").append(ReportRenderer.csvField(values[i] == null ? "" : values[i].toString()));
    }
    return sb.append("\r\n").toString();
  }
}
