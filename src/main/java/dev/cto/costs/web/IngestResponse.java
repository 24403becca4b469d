package dev.cto.costs.web;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cto.costs.collect.IngestResult;
import dev.cto.costs.report.ReportRenderer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The acknowledgement of docs/http-api.md: {@code {accepted, duplicates, records: [{id, cost_usd,
 * priced, duplicate}]}}, compact. Written token by token: a 1,000-record request is acknowledged
 * with 1,000 entries, and building a tree for them first was a visible share of ingest.
 */
public final class IngestResponse {

  private IngestResponse() {}

  public static byte[] bytes(IngestResult result) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + result.records().size() * 96);
    try (JsonGenerator json = ReportRenderer.JSON.getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeNumberField("accepted", result.accepted());
      json.writeNumberField("duplicates", result.duplicates());
      json.writeArrayFieldStart("records");
      for (IngestResult.RecordOutcome r : result.records()) {
        json.writeStartObject();
        json.writeStringField("id", r.id());
        json.writeFieldName("cost_usd");
        json.writeNumber(r.cost().toPlainString()); // plain: BigDecimal.toString would write 1E-9
        json.writeBooleanField("priced", r.priced());
        json.writeBooleanField("duplicate", r.duplicate());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }
}
