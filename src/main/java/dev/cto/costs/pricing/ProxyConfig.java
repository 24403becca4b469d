package dev.cto.costs.pricing;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cto.costs.capture.proxy.Provider;
import dev.cto.costs.capture.proxy.ProxySettings;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The config's {@code proxy} section: where the LLM proxy forwards each provider's calls, and its
 * spool file. Read live: a reload changes the upstreams of the next request; the spool file is
 * opened once at start.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class ProxyConfig {

  /** Provider key ({@code anthropic}, {@code openai}, {@code perplexity}, {@code gemini}) → base URL. */
  public Map<String, String> upstreams;
  /** The spool file for records the store could not take (default: beside the database). */
  public String spool;
  /** Larger request bodies get 413 (default 32 MiB). */
  public Integer maxBodyMb;

  /** The settings this section describes; {@code config} may be null (no file, or no section). */
  public static ProxySettings settings(CostConfig config, Path defaultSpool) {
    ProxyConfig proxy = config == null ? null : config.proxy;
    return proxy == null ? ProxySettings.of(null, null, null, defaultSpool)
        : ProxySettings.of(proxy.upstreams, proxy.spool, proxy.maxBodyMb, defaultSpool);
  }

  /**
   * The settings of the config in force, following reloads: rebuilt only when {@code config}
   * returns a different config object, so a request pays nothing for it.
   */
  public static Supplier<ProxySettings> live(Supplier<CostConfig> config, Path defaultSpool) {
    record Built(CostConfig from, ProxySettings settings) {}
    AtomicReference<Built> last = new AtomicReference<>();
    return () -> {
      CostConfig now = config.get();
      Built built = last.get();
      if (built == null || built.from() != now) {
        built = new Built(now, settings(now, defaultSpool));
        last.set(built);
      }
      return built.settings();
    };
  }

  void check(List<String> problems) {
    if (upstreams != null) {
      List<String> providers = Arrays.stream(Provider.values()).map(Provider::key).toList();
      upstreams.keySet().stream().filter(k -> Provider.of(k).isEmpty()).forEach(k ->
          problems.add("proxy.upstreams." + k + ": unknown provider" + KeySuggestion.hint(k, "", providers)));
      if (upstreams.keySet().stream().allMatch(k -> Provider.of(k).isPresent())) {
        try {
          ProxySettings.of(upstreams, null, null, Path.of("."));
        } catch (IllegalArgumentException e) {
          problems.add(e.getMessage());
        }
      }
    }
    if (maxBodyMb != null && maxBodyMb < 1) {
      problems.add("proxy.max_body_mb: must be a whole number of MiB >= 1, was " + maxBodyMb);
    }
    if (spool != null && spool.isBlank()) {
      problems.add("proxy.spool: must be a file path");
    }
  }
}
