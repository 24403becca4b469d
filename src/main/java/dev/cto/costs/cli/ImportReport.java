package dev.cto.costs.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cto.costs.capture.logs.ImportSummary;
import dev.cto.costs.capture.logs.Unreadable;
import dev.cto.costs.report.Numbers;
import dev.cto.costs.report.ReportRenderer;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** The end-of-import summary, for people or (with --json) for scripts. */
final class ImportReport {

  private ImportReport() {}

  static void print(PrintWriter out, CommandSpec spec, ImportSummary s, boolean json, boolean dryRun) {
    if (json) {
      out.println(toJson(s, dryRun));
      out.flush();
      return;
    }
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
    printSkipped(spec, s);
    out.flush();
  }

  /** The bad lines, on stderr: shown even with --quiet. */
  static void printSkipped(CommandSpec spec, ImportSummary s) {
    PrintWriter err = spec.commandLine().getErr();
    if (s.skipped() > 0) {
      err.println("  skipped " + Numbers.count(s.skipped()) + " bad lines" + (s.skipped() > s.firstSkipped().size()
          ? " (first " + s.firstSkipped().size() + ")" : "") + ":");
      s.firstSkipped().forEach(line -> err.println("    " + line));
      err.flush();
    }
  }

  /**
   * The files and folders that could not be read, on stderr (even with --quiet): nothing of them
   * was imported or remembered, so the next run tries them again. A watch says it again only when
   * the list changed ({@code now} then), and once more when everything is readable again.
   */
  static void printUnreadable(CommandSpec spec, List<Unreadable> unreadable, String now) {
    PrintWriter err = spec.commandLine().getErr();
    if (unreadable.isEmpty()) {
      if (!now.isEmpty()) {
        err.println("cto-cli: every log file and folder is readable again");
      }
    } else {
      err.println("cto-cli: warning: " + now + "cannot read " + Numbers.count(unreadable.size()) + " log "
          + (unreadable.size() == 1 ? (unreadable.get(0).folder() ? "folder" : "file") : "files or folders")
          + " (skipped; tried again on the next run)" + (unreadable.size() > LISTED ? ", the first " + LISTED : "") + ":");
      unreadable.stream().limit(LISTED).forEach(u -> err.println("    " + u));
    }
    err.flush();
  }

  /** Unreadable files and folders listed by name; the rest only counted (a whole tree may be unreadable). */
  static final int LISTED = 10;

  /**
   * With {@code --watch}: one line per pass that found something, stamped with the time;
   * with {@code --json} the same JSON document as the one-off summary, on one line.
   */
  static void printPass(CommandSpec spec, ImportSummary s, boolean json, Instant at) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(oneLine(jsonNode(s, false).put("at", at.toString())));
    } else {
      out.println(at.truncatedTo(ChronoUnit.SECONDS) + " " + s.cli() + ": " + Numbers.count(s.filesRead())
          + " files with new data, " + Numbers.count(s.lines()) + " lines, " + Numbers.count(s.responses())
          + " API responses: " + Numbers.count(s.written().accepted()) + " new, "
          + Numbers.count(s.written().duplicates()) + " already imported, cost "
          + Numbers.dollars(s.cost().toBigDecimal())
          + (s.written().unpriced() > 0 ? " (+ " + Numbers.count(s.written().unpriced()) + " unpriced)" : "")
          + (s.skipped() > 0 ? ", " + Numbers.count(s.skipped()) + " bad lines skipped" : ""));
    }
    out.flush();
    if (s.skipped() > 0) {
      PrintWriter err = spec.commandLine().getErr();
      s.firstSkipped().forEach(line -> err.println("    " + line));
      err.flush();
    }
  }

  static String toJson(ImportSummary s, boolean dryRun) {
    try {
      return ReportRenderer.JSON.writeValueAsString(jsonNode(s, dryRun));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String oneLine(ObjectNode node) {
    try {
      return ReportRenderer.JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode jsonNode(ImportSummary s, boolean dryRun) {
    ObjectNode node = ReportRenderer.JSON.createObjectNode();
    node.put("cli", s.cli()).put("dry_run", dryRun).put("files", s.files()).put("files_read", s.filesRead())
        .put("lines", s.lines()).put("bytes", s.bytes()).put("responses", s.responses())
        .put("repeated_lines", s.copies());
    if (!dryRun) {
      node.put("records_new", s.written().accepted()).put("records_duplicate", s.written().duplicates())
          .put("unpriced", s.written().unpriced()).put("cost_usd", s.cost().toBigDecimal());
    }
    node.put("skipped", s.skipped());
    node.set("skipped_first", ReportRenderer.JSON.valueToTree(s.firstSkipped()));
    node.put("unreadable", s.unreadable().size());
    com.fasterxml.jackson.databind.node.ArrayNode first = node.putArray("unreadable_first");
    s.unreadable().stream().limit(LISTED).forEach(u -> first.addObject().put("path", u.path().toString())
        .put("folder", u.folder()).put("reason", u.reason()));
    return node;
  }
}
