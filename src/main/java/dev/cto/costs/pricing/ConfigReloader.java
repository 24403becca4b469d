package dev.cto.costs.pricing;

import dev.cto.costs.domain.CostSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the settings in force equal to the config file, without restarts. It polls the file's
 * content (a SHA-256 of the bytes) rather than trusting file events: a Kubernetes ConfigMap update
 * swaps a symlink, which many watchers miss. A changed file is parsed and validated whole before
 * the single atomic swap; a broken one keeps the previous settings and says why.
 */
public final class ConfigReloader implements Supplier<CostSettings>, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

  private final Path file;
  private final AtomicReference<CostSettings> current;
  private final AtomicReference<CostConfig> currentConfig;
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private final AtomicLong failures = new AtomicLong();
  private final List<Consumer<CostSettings>> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService poller;
  private volatile byte[] lastHash;

  /** Loads the file now (failing loudly if it is unusable) and polls it every {@code interval}. */
  public ConfigReloader(Path file, Duration interval) {
    this.file = file;
    byte[] content = read();
    CostConfig config = CostConfigLoader.parse(content, file.toString());
    this.current = new AtomicReference<>(CostConfigLoader.toSettings(config, file.toString()));
    this.currentConfig = new AtomicReference<>(config);
    this.lastHash = sha256(content);
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "config-reloader");
      t.setDaemon(true);
      return t;
    });
    poller.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public CostSettings get() {
    return current.get();
  }

  /** The config file in force, as read (for the sections outside {@link CostSettings}). */
  public CostConfig config() {
    return currentConfig.get();
  }

  public void onReload(Consumer<CostSettings> listener) {
    listeners.add(listener);
  }

  /** Why the newest file version was refused, or null when the file in force is the newest. */
  public String lastError() {
    return lastError.get();
  }

  public long reloadFailures() {
    return failures.get();
  }

  /** Checks the file once, now (the poller calls this; tests may too). */
  public synchronized void poll() {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      refuse("cannot read " + file + " (" + e.getClass().getSimpleName() + "): keeping the previous config", null);
      return;
    }
    byte[] hash = sha256(content);
    if (Arrays.equals(hash, lastHash)) {
      return;
    }
    try {
      CostConfig config = CostConfigLoader.parse(content, file.toString());
      CostSettings next = CostConfigLoader.toSettings(config, file.toString());
      CostConfig previous = currentConfig.get();
      currentConfig.set(config); // the config first: a reader of both never sees settings newer than it
      current.set(next);
      lastHash = hash;
      lastError.set(null);
      LOG.info("config reloaded: {} ({})", changes(previous, config), file);
      listeners.forEach(l -> l.accept(next));
    } catch (ConfigException e) {
      refuse("new cost config refused, keeping the previous one: " + e.getMessage(), hash);
    }
  }

  /** Never fails a reload: the poller thread must live on whatever the description trips over. */
  private static String changes(CostConfig previous, CostConfig next) {
    try {
      return ConfigDiff.describe(previous, next);
    } catch (RuntimeException e) {
      return "changes not described (" + e.getClass().getSimpleName() + ")";
    }
  }

  private void refuse(String message, byte[] hash) {
    if (message.equals(lastError.get())) {
      return; // say it once per bad version, not every poll
    }
    failures.incrementAndGet();
    lastError.set(message);
    if (hash != null) {
      lastHash = hash;
    }
    LOG.warn(message);
  }

  private byte[] read() {
    try {
      return Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new ConfigException(file.toString(), List.of("no such file"));
    } catch (IOException e) {
      throw new ConfigException(file.toString(), List.of("cannot read: " + e.getMessage()));
    }
  }

  private static byte[] sha256(byte[] content) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
