package dev.cto.costs.cli;

import dev.cto.costs.app.CostsApp;
import dev.cto.costs.report.ExportWriter;
import dev.cto.costs.report.Format;
import dev.cto.costs.report.Numbers;
import dev.cto.costs.report.ReportRenderer;
import dev.cto.costs.store.UsageFilter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/** Printing helpers shared by the commands. */
final class Output {

  private Output() {}

  static void render(CommandSpec spec, Object report, Format format) {
    ReportRenderer.render(report, format, spec.commandLine().getOut(), Terminal.style());
  }

  static long export(CostsApp app, UsageFilter filter, boolean csv, OutputStream out) throws IOException {
    return ExportWriter.write(app.queries(), filter, csv, out);
  }

  static String count(long n) {
    return Numbers.count(n);
  }
}
