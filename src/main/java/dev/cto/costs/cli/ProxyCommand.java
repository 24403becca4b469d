package dev.cto.costs.cli;

import dev.cto.costs.app.CollectorService;
import dev.cto.costs.app.SidecarProxy;
import dev.cto.costs.web.ServerOptions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "proxy",
    mixinStandardHelpOptions = true,
    description = {
      "Run the LLM API proxy alone, e.g. as a sidecar next to an agent: point the agent's base URL",
      "at it and every call's tokens are recorded, attributed to the PR, agent, stage and iteration",
      "given in X-CTO-* headers or in the path. With --server (or COST_SERVER_URL) records go to that",
      "collector; otherwise to the local database, with the whole service on the same port."
    },
    footer = {
      "",
      "Routes: /proxy/anthropic/**, /proxy/openai/**, /proxy/perplexity/**, /proxy/gemini/**, forwarded to the",
      "providers' APIs or to \"proxy\": {\"upstreams\": {...}} in the cost config. Attribution headers:",
      "X-CTO-Repository, X-CTO-PR, X-CTO-Agent, X-CTO-Stage, X-CTO-Iteration, X-CTO-Task, X-CTO-CLI;",
      "or in the path: /proxy/anthropic/@pr=123,agent=rex,stage=code,iteration=2/v1/messages.",
      "If the collector cannot take a record, it waits in a local spool and is sent later; the agent's call",
      "is never failed or slowed by recording. A sidecar's spool is a file of its own in --spool-dir",
      "(COST_SPOOL_DIR, default ~/.cto/sidecar-spool), apart from the spool a local serve replays.",
      "",
      "Examples:",
      "  cto-cli costs proxy --server http://cto-costs:8080",
      "  ANTHROPIC_BASE_URL=http://127.0.0.1:8081/proxy/anthropic \\",
      "  ANTHROPIC_CUSTOM_HEADERS=$'X-CTO-PR: 123\\nX-CTO-Agent: rex\\nX-CTO-Stage: code' claude -p 'fix the test'",
      "  OPENAI_BASE_URL=http://127.0.0.1:8081/proxy/openai/@pr=123,agent=blaze,stage=code/v1 codex exec 'fix it'"
    })
final class ProxyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin StoreOptions store;

  @Option(names = "--port", defaultValue = "8081", description = "TCP port (0: any free port), default ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on, default ${DEFAULT-VALUE}.")
  String bind;

  @Option(names = "--spool-dir", paramLabel = "DIR",
      description = "With --server: where records wait while the collector cannot take them; each sidecar claims a"
          + " file of its own in it (env COST_SPOOL_DIR; default ~/.cto/sidecar-spool).")
  java.nio.file.Path spoolDir;

  @Override
  public Integer call() throws Exception {
    String server = store.server != null ? store.server : System.getenv("COST_SERVER_URL");
    AutoCloseable running;
    int actualPort;
    if (server != null && !server.isBlank()) {
      if (!ServerOptions.isLoopback(bind)) {
        spec.commandLine().getErr().println("cto-cli: the proxy has no auth of its own: listening on 127.0.0.1 only, not " + bind);
        bind = "127.0.0.1";
      }
      String envDir = System.getenv("COST_SPOOL_DIR");
      java.nio.file.Path dir = spoolDir != null ? spoolDir
          : envDir != null && !envDir.isBlank() ? java.nio.file.Path.of(envDir) : SidecarProxy.defaultSpoolDir();
      SidecarProxy proxy = SidecarProxy.start(bind, port, store.resolve().configPath(), server, System.getenv("COST_API_TOKEN"), dir);
      running = proxy;
      actualPort = proxy.port();
    } else {
      String host = ServerOptions.isLoopback(bind) ? bind : "127.0.0.1";
      CollectorService service = CollectorService.start(store.resolve(),
          new ServerOptions(host, port, List.of(), ServerOptions.DEFAULT_MAX_BODY, 100_000, 14));
      running = service;
      actualPort = service.port();
    }
    Foreground foreground = Foreground.closeOnExit(running);
    spec.commandLine().getOut().println("cto-costs proxy listening on http://" + bind + ":" + actualPort + "/proxy/"
        + (server != null ? " (recording to " + server + ")" : " (recording locally)"));
    spec.commandLine().getOut().flush();
    foreground.awaitTermination();
    return 0;
  }
}
