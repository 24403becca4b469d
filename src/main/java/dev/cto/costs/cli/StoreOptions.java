package dev.cto.costs.cli;

import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CostsApp;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the data and config are; every {@code costs} subcommand mixes these in. */
final class StoreOptions {

  @Option(
      names = "--db",
      paramLabel = "PATH",
      description = "SQLite database file (env COST_DB_PATH; default ~/.cto/costs.db).")
  Path db;

  @Option(
      names = "--db-url",
      paramLabel = "JDBC_URL",
      description = "PostgreSQL JDBC URL instead of SQLite, e.g. jdbc:postgresql://db:5432/costs?user=u&password=p (env COST_DB_URL).")
  String dbUrl;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Cost config, JSON or YAML (env COST_CONFIG_PATH; default: built-in prices, no thresholds).")
  Path config;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "Talk to a running collector instead of a database (env COST_SERVER_URL; token: COST_API_TOKEN).")
  String server;

  /** The remote collector, or null to work on a database. */
  RemoteClient remote() {
    String url = server != null ? server : System.getenv("COST_SERVER_URL");
    if (url == null || url.isBlank()) {
      return null;
    }
    if (db != null || dbUrl != null) {
      throw UserInputException.usage("--server and --db/--db-url both given: choose the collector or a database");
    }
    return new RemoteClient(url, System.getenv("COST_API_TOKEN"));
  }

  /** For commands that need the database itself. */
  void requireLocal(String command) {
    if (server != null) {
      throw UserInputException.usage(command + " works on a database (--db/--db-url), not through --server");
    }
  }

  AppOptions resolve() {
    try {
      return AppOptions.resolve(db, dbUrl, config, System.getenv());
    } catch (IllegalArgumentException e) {
      throw UserInputException.usage(e.getMessage());
    }
  }

  CostsApp open() {
    return CostsApp.open(resolve());
  }
}
