package dev.cto.costs.collect;

import java.util.Locale;

/**
 * The capture path a record came by, as the {@code source} label of the collector's meters: a
 * handful of values whatever the record's own {@code source} string says, so a label never grows
 * with client input.
 */
public enum RecordSource {
  HTTP,
  PROXY,
  OTLP,
  IMPORT,
  CLIENT;

  /**
   * The request header a remote capture path names itself with on {@code POST /v1/usage} (the
   * sidecar proxy, {@code import --server}, the Java client), so its records are counted under
   * its own label rather than {@code http}.
   */
  public static final String HEADER = "Cto-Usage-Source";

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The path behind a record's {@code source}: the log importers stamp the CLI they read
   * ({@code claude-code}, {@code codex}), the Java interceptor {@code java-interceptor}, the CLI
   * commands {@code cli}, {@code cli-ingest} and {@code demo}. Anything else is plain HTTP ingest.
   */
  public static RecordSource of(String source) {
    if (source == null) {
      return HTTP;
    }
    return switch (source) {
      case "proxy" -> PROXY;
      case "otlp" -> OTLP;
      case "import", "claude-code", "codex" -> IMPORT;
      case "client", "java-interceptor", "cli", "cli-ingest", "demo" -> CLIENT;
      default -> HTTP;
    };
  }

  /**
   * The record {@code source} for a request that declared itself with {@link #HEADER}: a known
   * label, else {@code http}. The value is stored, so only the fixed labels get through.
   */
  public static String declared(String header) {
    if (header == null) {
      return HTTP.label();
    }
    String value = header.trim().toLowerCase(Locale.ROOT);
    for (RecordSource s : values()) {
      if (s.label().equals(value)) {
        return value;
      }
    }
    return HTTP.label();
  }
}
