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

  /**
   * The PostgreSQL server(s) as {@code host:port}, for messages that must say where a connection
   * failed without the URL's credentials.
   */
  public String hostAndPort() {
    java.util.Properties parsed = org.postgresql.Driver.parseURL(jdbcUrl, null);
    if (parsed == null) {
      return redact(jdbcUrl);
    }
    String[] hosts = parsed.getProperty("PGHOST", "localhost").split(",");
    String[] ports = parsed.getProperty("PGPORT", "5432").split(",");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < hosts.length; i++) {
      out.append(i == 0 ? "" : ",").append(hosts[i]).append(':').append(ports[Math.min(i, ports.length - 1)]);
    }
    return out.toString();
  }

  private static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/@:]+):[^/@]*@", "//$1:***@");
  }
}
