package dev.cto.costs.app;

import dev.cto.costs.capture.proxy.LlmProxy;
import dev.cto.costs.capture.proxy.ProxyRecorder;
import dev.cto.costs.capture.proxy.ProxySettings;
import dev.cto.costs.capture.proxy.UsageSpool;
import dev.cto.costs.pricing.ConfigReloader;
import dev.cto.costs.pricing.ProxyConfig;
import dev.cto.costs.web.ProxyServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * {@code cto-cli costs proxy --server URL}: the proxy next to an agent, recording to a remote
 * collector, with a local spool for when the collector cannot be reached.
 */
public final class SidecarProxy implements AutoCloseable {

  private final ConfigReloader config;
  private final ProxyRecorder recorder;
  private final ProxyServer server;

  private SidecarProxy(ConfigReloader config, ProxyRecorder recorder, ProxyServer server) {
    this.config = config;
    this.recorder = recorder;
    this.server = server;
  }

  public static SidecarProxy start(String bind, int port, Path configPath, String collectorUrl, String token) {
    // the proxy section follows config reloads, as in serve; the spool file is opened once
    ConfigReloader config = configPath == null ? null : new ConfigReloader(configPath, Duration.ofSeconds(2));
    Supplier<ProxySettings> settings = ProxyConfig.live(() -> config == null ? null : config.config(),
        Path.of(System.getProperty("user.home"), ".cto", "proxy-spool.ndjson"));
    ProxyRecorder recorder = new ProxyRecorder(new RemoteSubmitter(collectorUrl, token), new UsageSpool(settings.get().spool()), 5_000);
    ProxyServer server = new ProxyServer(bind, port, new LlmProxy(settings, recorder, Clock.systemUTC())).start();
    return new SidecarProxy(config, recorder, server);
  }

  public int port() {
    return server.port();
  }

  public ProxyRecorder recorder() {
    return recorder;
  }

  @Override
  public void close() {
    server.close();
    recorder.close();
    if (config != null) {
      config.close();
    }
  }
}
