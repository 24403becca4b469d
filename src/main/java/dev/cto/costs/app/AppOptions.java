package dev.cto.costs.app;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the data and config are, after command-line flags and environment are combined: a flag
 * wins over its environment variable ({@code COST_DB_PATH}, {@code COST_DB_URL}, {@code
 * COST_CONFIG_PATH}); without either, SQLite at {@code ~/.cto/costs.db} and the built-in catalog.
 *
 * @param dbPath SQLite file, used when {@code dbUrl} is null
 * @param dbUrl PostgreSQL JDBC URL, or null
 * @param configPath cost config file, or null for the built-in defaults
 */
public record AppOptions(Path dbPath, String dbUrl, Path configPath) {

  public static AppOptions resolve(Path dbFlag, String dbUrlFlag, Path configFlag, Map<String, String> env) {
    String dbUrl = firstNonBlank(dbUrlFlag, env.get("COST_DB_URL"));
    Path dbPath = dbFlag != null ? dbFlag : pathOrNull(env.get("COST_DB_PATH"));
    if (dbFlag != null && dbUrlFlag != null) {
      throw new IllegalArgumentException("--db and --db-url both given: choose one database");
    }
    if (dbFlag != null) {
      dbUrl = null; // an explicit SQLite file beats COST_DB_URL from the environment
    }
    if (dbPath == null) {
      dbPath = Path.of(System.getProperty("user.home"), ".cto", "costs.db");
    }
    Path config = configFlag != null ? configFlag : pathOrNull(env.get("COST_CONFIG_PATH"));
    return new AppOptions(dbPath, dbUrl, config);
  }

  private static String firstNonBlank(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    return b != null && !b.isBlank() ? b : null;
  }

  private static Path pathOrNull(String value) {
    return value == null || value.isBlank() ? null : Path.of(value);
  }
}
