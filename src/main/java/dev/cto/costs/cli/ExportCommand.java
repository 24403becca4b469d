package dev.cto.costs.cli;

import dev.cto.costs.app.CostsApp;
import dev.cto.costs.store.UsageFilter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
      "The file is written to a temporary name and renamed when complete, so a reader never sees",
      "half an export. A JSON export can be ingested again (cost_usd/priced are recomputed).",
      "",
      "Examples:",
      "  cto-cli costs export --output costs.json --since 2026-01-01",
      "  cto-cli costs export --output - --format csv --since 2026-11-01 --until 2026-12-01"
    })
final class ExportCommand implements Callable<Integer> {

  enum ExportFormat { JSON, CSV }

  @Spec CommandSpec spec;
  @Mixin StoreOptions store;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Output file, or - for stdout.")
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
      if (output.equals("-")) {
        remote.download(q, System.out);
        System.out.flush();
      } else {
        Path target = Path.of(output).toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), ".export-", ".tmp");
        try {
          try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            remote.download(q, out);
          }
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          spec.commandLine().getOut().println("exported to " + target);
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
      return 0;
    }
    try (CostsApp app = store.open()) {
      if (output.equals("-")) {
        OutputStream out = new BufferedOutputStream(System.out);
        long n = Output.export(app, filter, format == ExportFormat.CSV, out);
        out.flush();
        spec.commandLine().getErr().println("exported " + Output.count(n) + " records");
        return 0;
      }
      Path target = Path.of(output).toAbsolutePath();
      Path tmp = Files.createTempFile(target.getParent(), ".export-", ".tmp");
      try {
        long n;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
          n = Output.export(app, filter, format == ExportFormat.CSV, out);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        spec.commandLine().getOut().println("exported " + Output.count(n) + " records to " + target);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    return 0;
  }
}
