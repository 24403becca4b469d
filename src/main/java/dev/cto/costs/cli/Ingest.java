package dev.cto.costs.cli;

import dev.cto.costs.app.CostsApp;
import dev.cto.costs.collect.FieldError;
import dev.cto.costs.collect.IngestResult;
import dev.cto.costs.collect.ParsedBatch;
import dev.cto.costs.client.CollectorClient;
import dev.cto.costs.collect.RecordSource;
import dev.cto.costs.report.Numbers;
import dev.cto.costs.report.ReportRenderer;
import java.io.PrintWriter;
import java.math.BigDecimal;
import picocli.CommandLine.Model.CommandSpec;

/** Validate, then store all or nothing, then say what happened (shared by record, ingest, demo). */
final class Ingest {

  private static final int MAX_LISTED_ERRORS = 200;

  private Ingest() {}

  static IngestResult run(CommandSpec spec, CostsApp app, byte[] body, String source, boolean json, boolean single) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ParsedBatch batch = app.reader().read(body, source);
    if (!batch.isValid()) {
      int shown = 0;
      for (FieldError e : batch.errors()) {
        if (shown++ == MAX_LISTED_ERRORS) {
          err.println("  … and " + (batch.errors().size() - MAX_LISTED_ERRORS) + " more problems");
          break;
        }
        err.println((single ? "" : "  ") + e.describe());
      }
      err.flush();
      long bad = batch.errors().stream().map(e -> e.index() + ":" + e.line()).distinct().count();
      throw UserInputException.data(single
          ? "invalid usage record: nothing stored"
          : bad + " invalid records (" + batch.errors().size() + " problems): nothing stored");
    }
    IngestResult result = app.collector().ingest(batch.records());
    app.flushAlerts();
    if (json) {
      out.println(toJson(result));
    } else if (single) {
      IngestResult.RecordOutcome r = result.records().get(0);
      out.println((r.duplicate() ? "already recorded " : "recorded ") + r.id() + ": "
          + (r.priced() ? "$" + r.cost().toPlainString()
              : "no price for model '" + r.model() + "' (stored unpriced; add a price and run `cto-cli costs reprice`)"));
    } else {
      out.println("accepted " + Numbers.count(result.accepted()) + " records, " + Numbers.count(result.duplicates())
          + " duplicates skipped, cost " + Numbers.dollars(new BigDecimal(result.acceptedCost().toPlainString()))
          + (result.unpricedAccepted() > 0 ? " (+ " + Numbers.count(result.unpricedAccepted()) + " unpriced records: run `cto-cli costs pricing check`)" : ""));
    }
    out.flush();
    return result;
  }

  /** The same, through a collector: it validates, prices and commits; we print its answer. */
  static void runRemote(CommandSpec spec, RemoteClient remote, byte[] body, boolean json, boolean single) {
    PrintWriter out = spec.commandLine().getOut();
    CollectorClient.Answer result;
    try {
      result = remote.postUsage(body, "application/json", RecordSource.CLIENT, spec.commandLine().getErr());
    } catch (UserInputException e) {
      throw UserInputException.data(e.getMessage());
    }
    if (json) {
      out.println(result.document().toPrettyString());
    } else if (single) {
      CollectorClient.RecordAnswer r = result.records().get(0);
      out.println((r.duplicate() ? "already recorded " : "recorded ") + r.id() + ": "
          + (r.priced() ? "$" + r.costUsd().stripTrailingZeros().toPlainString()
              : "no price for its model (stored unpriced; add a price and run `cto-cli costs reprice`)"));
    } else {
      BigDecimal cost = BigDecimal.ZERO;
      long unpriced = 0;
      for (CollectorClient.RecordAnswer r : result.records()) {
        if (!r.duplicate()) {
          cost = cost.add(r.costUsd());
          unpriced += r.priced() ? 0 : 1;
        }
      }
      out.println("accepted " + Numbers.count(result.accepted()) + " records, "
          + Numbers.count(result.duplicates()) + " duplicates skipped, cost " + Numbers.dollars(cost)
          + (unpriced > 0 ? " (+ " + Numbers.count(unpriced) + " unpriced records: run `cto-cli costs pricing check`)" : ""));
    }
    out.flush();
  }

  static String toJson(IngestResult result) {
    try {
      // the same document the service answers, indented for people
      return ReportRenderer.JSON.writeValueAsString(ReportRenderer.JSON.readTree(dev.cto.costs.web.IngestResponse.bytes(result)));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
