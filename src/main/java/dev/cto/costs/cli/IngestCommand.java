package dev.cto.costs.cli;

import dev.cto.costs.app.CostsApp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = "Ingest usage records from NDJSON, a JSON array or {\"records\": [...]}.",
    footer = {
      "",
      "All or nothing: if any record is invalid, nothing is stored and every bad record is",
      "reported (line or index, field, problem). Records whose id is already stored are counted",
      "as duplicates and not stored again, so re-running an ingest is safe.",
      "",
      "Examples:",
      "  cto-cli costs ingest usage.ndjson",
      "  some-agent --usage-json | cto-cli costs ingest -"
    })
final class IngestCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StoreOptions store;

  @Parameters(paramLabel = "FILE", description = "File to read, or - for standard input.")
  String file;

  @Option(names = "--json", description = "Print the result as JSON ({accepted, duplicates, records}).")
  boolean json;

  @Override
  public Integer call() throws IOException {
    byte[] body;
    try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
      body = in.readAllBytes();
    } catch (NoSuchFileException e) {
      throw UserInputException.data("cannot read " + file + ": no such file");
    }
    RemoteClient remote = store.remote();
    if (remote != null) {
      Ingest.runRemote(spec, remote, body, json, false);
      return 0;
    }
    try (CostsApp app = store.open()) {
      Ingest.run(spec, app, body, "cli-ingest", json, false);
    }
    return 0;
  }
}
