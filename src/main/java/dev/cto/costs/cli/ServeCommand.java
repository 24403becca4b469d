package dev.cto.costs.cli;

import dev.cto.costs.app.CollectorService;
import dev.cto.costs.web.MetricsAccess;
import dev.cto.costs.web.ServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run the collector service: HTTP ingest, query API, MCP at /mcp, /metrics, /healthz, /readyz.",
    footer = {
      "",
      "Auth: bearer tokens from COST_API_TOKEN (comma-separated) or --token-file / COST_API_TOKEN_FILE.",
      "Without a token the service listens on 127.0.0.1 only, whatever --bind says.",
      "SIGTERM (Kubernetes) stops it gracefully: in-flight requests finish and every acknowledged",
      "record is committed before exit.",
      "",
      "Examples:",
      "  cto-cli costs serve                                   http://127.0.0.1:8080, SQLite",
      "  COST_API_TOKEN=s3cret cto-cli costs serve --bind 0.0.0.0 --db-url jdbc:postgresql://db/costs",
      "  curl -X POST localhost:8080/v1/usage -H 'Content-Type: application/json' \\",
      "       -d '{\"agent\":\"rex\",\"model\":\"claude-sonnet-4-5\",\"input_tokens\":10,\"output_tokens\":5,\"stage\":\"code\",\"pr_number\":1}'"
    })
final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StoreOptions store;

  @Option(names = "--port", defaultValue = "8080", description = "TCP port (0: any free port), default ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on, default ${DEFAULT-VALUE}.")
  String bind;

  @Option(names = "--token-file", paramLabel = "FILE", description = "File with accepted bearer tokens, one per line (env COST_API_TOKEN_FILE).")
  Path tokenFile;

  @Option(names = "--max-body-mb", defaultValue = "10", description = "Largest request body in MiB (413 above), default ${DEFAULT-VALUE}.")
  int maxBodyMb;

  @Option(names = "--max-records", defaultValue = "100000", description = "Most records per request (413 above), default ${DEFAULT-VALUE}.")
  int maxRecords;

  @Option(names = "--mcp-allowed-origin", split = ",", paramLabel = "ORIGIN",
      description = "Browser origin also allowed to call /mcp, e.g. https://dash.example.com or http://host:* "
          + "(env COST_MCP_ALLOWED_ORIGINS, comma-separated; always allowed: localhost, 127.0.0.1, [::1]).")
  List<String> mcpOrigins;

  @Option(names = "--metrics-public",
      description = "Serve /metrics without any token (env COST_METRICS_PUBLIC=true), for a scraper on a trusted network. "
          + "Otherwise /metrics takes the API token or COST_METRICS_TOKEN (comma-separated), a scraper's own token.")
  boolean metricsPublic;

  @Option(names = "--metrics-pr-window-days", defaultValue = "14", description = "PRs with usage in this many days get a pr label, default ${DEFAULT-VALUE}.")
  int prWindowDays;

  @Override
  public Integer call() throws Exception {
    List<String> tokens = tokens();
    String host = bind;
    if (tokens.isEmpty() && !ServerOptions.isLoopback(bind)) {
      spec.commandLine().getErr().println("cto-cli: no COST_API_TOKEN configured: listening on 127.0.0.1 only, not " + bind);
      host = "127.0.0.1";
    }
    if (maxBodyMb < 1 || maxRecords < 1 || prWindowDays < 1) {
      throw UserInputException.usage("--max-body-mb, --max-records and --metrics-pr-window-days must be >= 1");
    }
    ServerOptions options = new ServerOptions(host, port, tokens, maxBodyMb * 1024L * 1024L, maxRecords, prWindowDays,
        mcpOrigins()).withMetricsAccess(metricsAccess());
    CollectorService service = CollectorService.start(store.resolve(), options);
    Foreground foreground = Foreground.closeOnExit(service);
    spec.commandLine().getOut().println("cto-costs collector listening on http://" + host + ":" + service.port()
        + (tokens.isEmpty() ? " (no auth)" : " (bearer token required)"));
    spec.commandLine().getOut().flush();
    foreground.awaitTermination();
    return 0;
  }

  /** Requests to /mcp with another Origin get 403 (DNS rebinding); without an Origin they pass. */
  private List<String> mcpOrigins() {
    List<String> origins = new ArrayList<>(ServerOptions.DEFAULT_MCP_ORIGINS);
    String env = System.getenv("COST_MCP_ALLOWED_ORIGINS");
    List<String> given = mcpOrigins != null ? mcpOrigins : env == null ? List.of() : Arrays.asList(env.split(","));
    given.stream().map(String::trim).filter(o -> !o.isEmpty()).forEach(origins::add);
    return origins;
  }

  private MetricsAccess metricsAccess() {
    String env = System.getenv("COST_METRICS_TOKEN");
    List<String> tokens = env == null ? List.of()
        : Arrays.stream(env.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    return new MetricsAccess(tokens, metricsPublic || "true".equalsIgnoreCase(System.getenv("COST_METRICS_PUBLIC")));
  }

  private List<String> tokens() throws IOException {
    List<String> tokens = new ArrayList<>();
    String env = System.getenv("COST_API_TOKEN");
    if (env != null) {
      Arrays.stream(env.split(",")).map(String::trim).filter(t -> !t.isEmpty()).forEach(tokens::add);
    }
    Path file = tokenFile != null ? tokenFile
        : System.getenv("COST_API_TOKEN_FILE") != null ? Path.of(System.getenv("COST_API_TOKEN_FILE")) : null;
    if (file != null) {
      if (!Files.isReadable(file)) {
        throw UserInputException.data("cannot read the token file " + file);
      }
      Files.readAllLines(file).stream().map(String::trim).filter(t -> !t.isEmpty() && !t.startsWith("#")).forEach(tokens::add);
    }
    return tokens;
  }
}
