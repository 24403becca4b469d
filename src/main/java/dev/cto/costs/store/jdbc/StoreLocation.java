package dev.cto.costs.store.jdbc;

import java.nio.file.Path;

/**
 * Which database: a SQLite file, or a PostgreSQL JDBC URL (user and password may be in the URL,
 * then the fields are null).
 */
public record StoreLocation(Path sqliteFile, String jdbcUrl, String user, String password) {

  public static StoreLocation sqlite(Path file) {
    return new StoreLocation(file.toAbsolutePath(), null, null, null);
  }

  public static StoreLocation postgres(String url, String user, String password) {
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "database URL must start with jdbc:postgresql: (got '" + redact(url) + "')");
    }
    return new StoreLocation(null, url, user, password);
  }

  public boolean isSqlite() {
    return sqliteFile != null;
  }

  /** For messages and logs: never contains a password. */
  public String describe() {
    return isSqlite() ? "SQLite database " + sqliteFile : "PostgreSQL database " + redact(jdbcUrl);
  }

  private static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/@:]+):[^/@]*@", "//$1:***@");
  }
}
