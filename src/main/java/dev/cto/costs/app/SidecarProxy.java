package dev.cto.costs.app;

import dev.cto.costs.capture.proxy.LlmProxy;
import dev.cto.costs.capture.proxy.ProxyRecorder;
import dev.cto.costs.capture.proxy.ProxySettings;
import dev.cto.costs.capture.proxy.SpoolDirectory;
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
  private final SpoolDirectory claim;

  private SidecarProxy(ConfigReloader config, ProxyRecorder recorder, ProxyServer server, SpoolDirectory claim) {
    this.config = config;
    this.recorder = recorder;
    this.server = server;
    this.claim = claim;
  }

  /** Where sidecars spool when neither --spool-dir, COST_SPOOL_DIR nor the config's proxy.spool says. */
  public static Path defaultSpoolDir() {
    return Path.of(System.getProperty("user.home"), ".cto", "sidecar-spool");
  }

  /**
   * @param spoolDir the directory in which this sidecar claims a spool file of its own (never the
   *     {@code proxy-spool.ndjson} a local {@code serve} replays into its own store)
   */
  public static SidecarProxy start(String bind, int port, Path configPath, String collectorUrl, String token, Path spoolDir) {
    SpoolDirectory claim = SpoolDirectory.claim(spoolDir);
    ConfigReloader config = null;
    try {
      // the proxy section follows config reloads, as in serve; the spool file is opened once
      config = configPath == null ? null : new ConfigReloader(configPath, Duration.ofSeconds(2));
      ConfigReloader live = config;
      Supplier<ProxySettings> settings = ProxyConfig.live(() -> live == null ? null : live.config(), claim.spool());
      ProxyRecorder recorder = new ProxyRecorder(new RemoteSubmitter(collectorUrl, token), new UsageSpool(settings.get().spool()), 5_000);
      ProxyServer server = new ProxyServer(bind, port, new LlmProxy(settings, recorder, Clock.systemUTC())).start();
      return new SidecarProxy(config, recorder, server, claim);
    } catch (RuntimeException e) {
      if (config != null) {
        config.close();
      }
      claim.close();
      throw e;
    }
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
    claim.close();
    if (config != null) {
      config.close();
    }
  }
}
