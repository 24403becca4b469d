package dev.cto.costs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CostsApp;
import dev.cto.costs.capture.logs.AttributionRule;
import dev.cto.costs.capture.logs.Attributor;
import dev.cto.costs.capture.logs.ImportState;
import dev.cto.costs.capture.logs.ImportSummary;
import dev.cto.costs.capture.logs.LogImporter;
import dev.cto.costs.capture.logs.UsageSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** One {@code import} run: where to read, where to write, what to remember, what to say. */
final class LogImportRun {

  private LogImportRun() {}

  static int run(CommandSpec spec, ImportOptions options, LogImporter logImporter, List<Path> dirs) {
    try {
      return runChecked(spec, options, logImporter, dirs);
    } catch (java.io.UncheckedIOException e) {
      // an unreadable state file or log folder: the user can fix it, a stack trace would not help
      throw UserInputException.data(e.getMessage() + (e.getCause() != null ? ": " + e.getCause().getMessage() : ""));
    }
  }

  private static int runChecked(CommandSpec spec, ImportOptions options, LogImporter logImporter, List<Path> dirs) {
    if (options.settleSeconds < 0) {
      throw UserInputException.usage("--settle must be >= 0, was " + options.settleSeconds);
    }
    LogImporter importer = logImporter.withSettle(java.time.Duration.ofSeconds(options.settleSeconds));
    List<Path> missing = dirs.stream().filter(d -> !Files.isDirectory(d)).toList();
    if (dirs.isEmpty() || !missing.isEmpty()) {
      throw UserInputException.data("no " + importer.cli() + " logs folder " + (dirs.isEmpty() ? "found" : missing)
          + ": give one as DIR");
    }
    Attributor attributor = new Attributor(options.flags(), rules(options.store));
    RemoteClient remote = options.store.remote();
    if (options.dryRun || remote != null) {
      // a dry run reads the state the real run would use, so it shows what the real run would import
      ImportState state = ImportState.load(stateFile(options, remote != null ? null : options.store.resolve()));
      UsageSink sink = options.dryRun ? UsageSink.dryRun() : new RemoteSink(remote, spec.commandLine().getErr());
      ImportSummary summary = importer.run(dirs, state, attributor, sink);
      if (!options.dryRun) {
        state.save();
      }
      ImportReport.print(spec, summary, options.json, options.dryRun);
      return 0;
    }
    AppOptions resolved = options.store.resolve();
    try (CostsApp app = CostsApp.open(resolved)) {
      ImportState state = ImportState.load(stateFile(options, resolved));
      // opened on the first record: a re-run with nothing new never touches the database
      UsageSink sink = UsageSink.lazy(() -> UsageSink.collector(app.collector()));
      ImportSummary summary = importer.run(dirs, state, attributor, sink);
      state.save();
      app.flushAlerts();
      ImportReport.print(spec, summary, options.json, false);
    }
    return 0;
  }

  /** @param resolved the database, or null when writing to a collector */
  private static Path stateFile(ImportOptions options, AppOptions resolved) {
    if (options.state != null) {
      return options.state;
    }
    if (resolved != null && resolved.dbUrl() == null) {
      Path db = resolved.dbPath().toAbsolutePath();
      return db.resolveSibling(db.getFileName() + ".import-state.json");
    }
    return Path.of(System.getProperty("user.home"), ".cto", "import-state.json");
  }

  /** {@code attribution.rules[]} of the cost config; YAML's parser reads JSON configs as well. */
  private static List<AttributionRule> rules(StoreOptions store) {
    Path config = store.config;
    if (config == null) {
      String env = System.getenv("COST_CONFIG_PATH");
      config = env == null || env.isBlank() ? null : Path.of(env);
    }
    if (config == null) {
      return List.of();
    }
    try {
      JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(config.toFile());
      return AttributionRule.fromConfig(tree);
    } catch (IOException e) {
      throw UserInputException.usage("cannot read the config " + config + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw UserInputException.usage("config " + config + ": " + e.getMessage());
    }
  }
}
