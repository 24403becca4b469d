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
