package dev.cto.costs.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cto.costs.capture.logs.ImportSummary;
import dev.cto.costs.report.Numbers;
import dev.cto.costs.report.ReportRenderer;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/** The end-of-import summary, for people or (with --json) for scripts. */
final class ImportReport {

  private ImportReport() {}

  static void print(CommandSpec spec, ImportSummary s, boolean json, boolean dryRun) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(toJson(s, dryRun));
      out.flush();
      return;
    }
    PrintWriter err = spec.commandLine().getErr();
    out.println((dryRun ? "dry run (nothing stored): " : "") + s.cli() + ": " + Numbers.count(s.files()) + " files ("
        + Numbers.count(s.filesRead()) + " with new data), " + Numbers.count(s.lines()) + " lines, "
        + Numbers.count(s.bytes() / 1024) + " KiB read");
    out.println("  " + Numbers.count(s.responses()) + " API responses (" + Numbers.count(s.copies())
        + " repeated usage lines merged)" + (dryRun ? "" : ": " + Numbers.count(s.written().accepted()) + " new, "
        + Numbers.count(s.written().duplicates()) + " already imported"));
    if (!dryRun) {
      out.println("  cost imported " + Numbers.dollars(s.cost().toBigDecimal())
          + (s.written().unpriced() > 0 ? " (+ " + Numbers.count(s.written().unpriced())
              + " unpriced records: run `cto-cli costs pricing check`)" : ""));
    }
    if (s.skipped() > 0) {
      err.println("  skipped " + Numbers.count(s.skipped()) + " bad lines" + (s.skipped() > s.firstSkipped().size()
          ? " (first " + s.firstSkipped().size() + ")" : "") + ":");
      s.firstSkipped().forEach(line -> err.println("    " + line));
      err.flush();
    }
    out.flush();
  }

  static String toJson(ImportSummary s, boolean dryRun) {
    ObjectNode node = ReportRenderer.JSON.createObjectNode();
    node.put("cli", s.cli()).put("dry_run", dryRun).put("files", s.files()).put("files_read", s.filesRead())
        .put("lines", s.lines()).put("bytes", s.bytes()).put("responses", s.responses())
        .put("repeated_lines", s.copies());
    if (!dryRun) {
      node.put("records_new", s.written().accepted()).put("records_duplicate", s.written().duplicates())
          .put("unpriced", s.written().unpriced()).put("cost_usd", s.cost().toBigDecimal());
    }
    node.put("skipped", s.skipped());
    node.putPOJO("skipped_first", s.firstSkipped());
    try {
      return ReportRenderer.JSON.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
