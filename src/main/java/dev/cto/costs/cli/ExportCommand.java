package dev.cto.costs.cli;

import dev.cto.costs.app.CostsApp;
import dev.cto.costs.store.UsageFilter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Export raw usage records (with cost_usd and priced) as JSON or CSV, streamed.",
    footer = {
      "",
      "The file is written to a temporary name beside it and renamed when complete, so a reader never",
      "sees half an export; new files get mode 0644 (under the umask). A symbolic link, a device or a",
      "directory as FILE is refused: use --output - (or no --output) for standard output. A JSON",
      "export can be ingested again (cost_usd/priced are recomputed).",
      "",
      "Examples:",
      "  cto-cli costs export --output costs.json --since 2026-01-01",
      "  cto-cli costs export --output - --format csv --since 2026-11-01 --until 2026-12-01"
    })
final class ExportCommand implements Callable<Integer> {

  enum ExportFormat { JSON, CSV }

  @Spec CommandSpec spec;
  @Mixin StoreOptions store;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Output file, or - for stdout (the default).")
  String output;

  @Option(names = "--since", paramLabel = "DATE", description = "Records at or after this date.")
  String since;

  @Option(names = "--until", paramLabel = "DATE", description = "Records before this date.")
  String until;

  @Option(names = {"-f", "--format"}, defaultValue = "json", paramLabel = "FORMAT", description = "json or csv (default: ${DEFAULT-VALUE}).")
  ExportFormat format;

  @Override
  public Integer call() throws IOException {
    Instant from = Dates.parse("--since", since);
    Instant to = Dates.parse("--until", until);
    if (from != null && to != null && !to.isAfter(from)) {
      throw UserInputException.usage("--until must be after --since");
    }
    UsageFilter filter = UsageFilter.period(from, to);
    RemoteClient remote = store.remote();
    if (remote != null) {
      String q = "/v1/export?format=" + (format == ExportFormat.CSV ? "csv" : "json") + RemoteClient.query("since", from)
          + RemoteClient.query("until", to);
      if (FileOutput.isStdout(output)) {
        remote.download(q, System.out);
        System.out.flush();
      } else {
        Path target = FileOutput.write(output, out -> remote.download(q, out));
        spec.commandLine().getOut().println("exported to " + target);
      }
      return 0;
    }
    try (CostsApp app = store.open()) {
      if (FileOutput.isStdout(output)) {
        OutputStream out = new BufferedOutputStream(System.out);
        long n = Output.export(app, filter, format == ExportFormat.CSV, out);
        out.flush();
        spec.commandLine().getErr().println("exported " + Output.count(n) + " records");
        return 0;
      }
      long[] n = {0};
      Path target = FileOutput.write(output, out -> n[0] = Output.export(app, filter, format == ExportFormat.CSV, out));
      spec.commandLine().getOut().println("exported " + Output.count(n[0]) + " records to " + target);
    }
    return 0;
  }
}
