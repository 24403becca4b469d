package dev.cto.costs.cli;

import dev.cto.costs.app.AppOptions;
import dev.cto.costs.capture.logs.AttributionFields;
import dev.cto.costs.capture.logs.AttributionRule;
import dev.cto.costs.capture.logs.Attributor;
import dev.cto.costs.capture.logs.ImportProgress;
import dev.cto.costs.capture.logs.ImportState;
import dev.cto.costs.capture.logs.ImportSummary;
import dev.cto.costs.capture.logs.LogImporter;
import dev.cto.costs.capture.logs.LogWatcher;
import dev.cto.costs.capture.logs.Unreadable;
import dev.cto.costs.capture.logs.UsageSink;
import dev.cto.costs.pricing.AttributionConfig;
import dev.cto.costs.pricing.CostConfig;
import dev.cto.costs.pricing.CostConfigLoader;
import dev.cto.costs.report.Format;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Model.CommandSpec;

/** One {@code import} run: where to read, where to write, what to remember, what to say. */
final class LogImportRun {

  /** Exit code of a run that found logs but could read none of them (see the commands' help). */
  static final int NOTHING_READABLE = 3;

  /** How long a stop (Ctrl-C, SIGTERM) waits for the pass under way and the store to close. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

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
    Duration interval = options.interval();
    LogImporter importer = logImporter.withSettle(Duration.ofSeconds(options.settleSeconds))
        .withMaxLineBytes(options.maxLineBytes());
    List<Path> missing = dirs.stream().filter(d -> !Files.isDirectory(d)).toList();
    if (dirs.isEmpty() || !missing.isEmpty()) {
      throw UserInputException.data("no " + importer.cli() + " logs folder " + (dirs.isEmpty() ? "found" : missing)
          + ": give one as DIR");
    }
    List<AttributionRule> rules = rules(options.store);
    AttributionFields flags = options.flags();
    if (flags.pr() != null && flags.repository() == null && rules.stream().noneMatch(r -> r.set().containsKey("repository"))) {
      flags = withDefaultRepository(flags, options.store);
    }
    Attributor attributor = new Attributor(flags, rules);
    RemoteClient remote = options.store.remote();
    CountDownLatch closed = new CountDownLatch(1); // a watch's stop hook waits for the store to be closed
    try {
      if (options.dryRun || remote != null) {
        // a dry run reads the state the real run would use, so it shows what the real run would import
        ImportState state = ImportState.load(stateFile(options, remote != null ? null : options.store.resolve()));
        UsageSink sink = options.dryRun ? UsageSink.dryRun() : new RemoteSink(remote, spec.commandLine().getErr());
        if (options.watch) {
          return watch(spec, options, new LogWatcher(importer, dirs, state, attributor, sink, interval), () -> {}, closed);
        }
        ImportProgress progress = progress(spec, options);
        ImportSummary summary = importer.run(dirs, state, attributor, sink, progress);
        if (!options.dryRun) {
          state.save();
        }
        report(spec, options, progress, summary);
        if (options.summary) {
          Output.render(spec, remote.get("/v1/summary?" + RemoteClient.query("since", Instant.EPOCH).substring(1),
              dev.cto.costs.report.Summary.class).fromFirstDay(), summaryFormat(options));
        }
        return exitCode(summary);
      }
      AppOptions resolved = options.store.resolve();
      importer = importer.besideLocalWriter();
      // a watch keeps writing for hours: it opens the database the usual way, never a bulk load
      try (LazyApp app = options.watch ? new LazyApp(resolved) : LazyApp.forImport(resolved)) {
        ImportState state = ImportState.load(stateFile(options, resolved));
        if (!options.watch && resolved.dbUrl() == null && !Files.exists(resolved.dbPath())) {
          app.openInBackground(); // a first import: the schema is made while the logs are read
        }
        // opened on the first record: a re-run with nothing new never touches the database
        UsageSink sink = UsageSink.lazy(() -> UsageSink.collector(app.get().collector()));
        if (options.watch) {
          return watch(spec, options, new LogWatcher(importer, dirs, state, attributor, sink, interval),
              app::flushAlerts, closed);
        }
        ImportProgress progress = progress(spec, options);
        ImportSummary summary = importer.run(dirs, state, attributor, sink, progress);
        app.finishFirstLoad(); // the records are in the database only now: the state may say so after
        state.save();
        app.flushAlerts();
        report(spec, options, progress, summary);
        if (options.summary) {
          printSpend(spec, options, app, resolved);
        }
        return exitCode(summary);
      }
    } finally {
      closed.countDown();
    }
  }

  /**
   * Passes until Ctrl-C or SIGTERM: the shutdown hook stops the loop, which finishes the pass
   * under way and saves the state, and waits for the store to be closed before the JVM exits.
   */
  private static int watch(CommandSpec spec, ImportOptions options, LogWatcher watcher, Runnable afterPass,
      CountDownLatch closed) {
    Foreground.closeOnExit(() -> {
      watcher.stop();
      closed.await(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    });
    PrintWriter err = spec.commandLine().getErr();
    ImportProgress[] firstPass = {progress(spec, options)}; // the first pass may be a long back-fill
    try {
      watcher.run(new LogWatcher.Listener() {
        /** What the last pass could not read: said again only when it changes, not every few seconds. */
        private List<Unreadable> unreadable = List.of();

        @Override
        public void pass(ImportSummary summary) {
          TerminalProgress.clear(firstPass[0]);
          firstPass[0] = ImportProgress.NONE;
          afterPass.run();
          if (!options.quiet && (summary.responses() > 0 || summary.skipped() > 0)) {
            ImportReport.printPass(spec, summary, options.json, Instant.now());
          }
          if (!summary.unreadable().equals(unreadable)) {
            ImportReport.printUnreadable(spec, summary.unreadable(), unreadable.isEmpty() ? "" : "now ");
            unreadable = summary.unreadable();
          }
        }

        @Override
        public void failed(RuntimeException e) {
          TerminalProgress.clear(firstPass[0]);
          if (e instanceof UserInputException) {
            throw e; // a wrong token or URL, a refused record: retrying every few seconds cures nothing
          }
          err.println("cto-cli: import pass failed, trying again in " + options.intervalSeconds + " s: " + e.getMessage());
          err.flush();
        }

        @Override
        public ImportProgress progress() {
          return firstPass[0];
        }
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /**
   * {@code --summary}: the spend of everything stored, from this process's open store (a second
   * command would pay the JVM's start and the store's opening again). A database that still does
   * not exist (no record found) is not created for it.
   */
  private static void printSpend(CommandSpec spec, ImportOptions options, LazyApp app, AppOptions resolved) {
    if (resolved.dbUrl() == null && !Files.exists(resolved.dbPath())) {
      spec.commandLine().getErr().println("no spend to summarise: nothing is stored in " + resolved.dbPath());
      spec.commandLine().getErr().flush();
      return;
    }
    // open-ended, as `costs summary --since` is: bounds on midnights (or none) read the daily
    // rollup; an end at "now" would read every record instead (0.4 s against 0.03 s at 100k records)
    Output.render(spec, app.get().reports().summary(Instant.EPOCH, null).fromFirstDay(), summaryFormat(options));
  }

  private static Format summaryFormat(ImportOptions options) {
    return options.json ? Format.JSON : Format.TABLE;
  }

  /** 0 when anything could be read (what could not is listed); {@link #NOTHING_READABLE} when nothing could. */
  private static int exitCode(ImportSummary summary) {
    return summary.nothingReadable() ? NOTHING_READABLE : 0;
  }

  private static ImportProgress progress(CommandSpec spec, ImportOptions options) {
    return TerminalProgress.forTerminal(spec.commandLine().getErr(), !options.json && !options.quiet);
  }

  private static void report(CommandSpec spec, ImportOptions options, ImportProgress progress, ImportSummary summary) {
    TerminalProgress.clear(progress);
    if (!options.quiet) {
      // with --summary, stdout is the summary's: the import says what it did on stderr
      ImportReport.print(options.summary ? spec.commandLine().getErr() : spec.commandLine().getOut(), spec, summary,
          options.json && !options.summary, options.dryRun);
    } else {
      ImportReport.printSkipped(spec, summary);
    }
    ImportReport.printUnreadable(spec, summary.unreadable(), "");
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

  /**
   * PR numbers are per repository: a {@code --pr} without {@code --repo} (and no attribution rule
   * that sets one) takes {@code default_repository} from the config, and without one is refused
   * rather than stored under no repository, where no report by repository would find it.
   */
  private static AttributionFields withDefaultRepository(AttributionFields flags, StoreOptions store) {
    Path config = store.resolve().configPath();
    String repository = config == null ? null : CostConfigLoader.loadSettings(config).defaultRepository();
    if (repository == null) {
      throw UserInputException.usage("--pr " + flags.pr() + " needs --repo OWNER/NAME (PR numbers are per repository),"
          + " or default_repository in the cost config");
    }
    return new AttributionFields(repository, flags.pr(), flags.agent(), flags.stage(), flags.iteration());
  }

  /** {@code attribution.rules[]} of the cost config. */
  private static List<AttributionRule> rules(StoreOptions store) {
    Path config = store.config;
    if (config == null) {
      String env = System.getenv("COST_CONFIG_PATH");
      config = env == null || env.isBlank() ? null : Path.of(env);
    }
    if (config == null) {
      return List.of();
    }
    CostConfig parsed = CostConfigLoader.load(config);
    CostConfigLoader.toSettings(parsed, config.toString()); // the whole file is checked, as every command does
    return AttributionConfig.rules(parsed);
  }
}
