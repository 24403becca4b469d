package dev.cto.costs.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cto.costs.collect.IngestResult;
import dev.cto.costs.report.ReportRenderer;
import java.math.BigDecimal;

/** The acknowledgement of CONTRACT §4: {@code {accepted, duplicates, records: [{id, cost_usd, priced}]}}. */
public final class IngestResponse {

  private IngestResponse() {}

  public static ObjectNode of(IngestResult result) {
    ObjectNode root = ReportRenderer.JSON.createObjectNode();
    root.put("accepted", result.accepted());
    root.put("duplicates", result.duplicates());
    ArrayNode records = root.putArray("records");
    for (IngestResult.RecordOutcome r : result.records()) {
      records.addObject().put("id", r.id()).put("cost_usd", new BigDecimal(r.cost().toPlainString()))
          .put("priced", r.priced()).put("duplicate", r.duplicate());
    }
    return root;
  }
}
