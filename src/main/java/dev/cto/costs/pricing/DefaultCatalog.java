package dev.cto.costs.pricing;

import dev.cto.costs.domain.PricingCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The prices shipped in the jar ({@code default-pricing.json}, generated from a LiteLLM snapshot
 * by {@link DefaultCatalogGenerator} plus the original short names). Loaded once per process.
 */
public final class DefaultCatalog {

  static final String RESOURCE = "/dev/cto/costs/pricing/default-pricing.json";

  private static volatile PricingCatalog catalog;

  private DefaultCatalog() {}

  public static PricingCatalog load() {
    PricingCatalog loaded = catalog;
    if (loaded == null) {
      synchronized (DefaultCatalog.class) {
        if (catalog == null) {
          catalog = read();
        }
        loaded = catalog;
      }
    }
    return loaded;
  }

  /** The shipped entries in config form (for {@code pricing list} and the drift test). */
  public static CostConfig config() {
    try (InputStream in = DefaultCatalog.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + RESOURCE);
      }
      return CostConfigLoader.parse(in.readAllBytes(), "default-pricing.json");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + RESOURCE, e);
    }
  }

  private static PricingCatalog read() {
    CostConfig config = config();
    List<String> problems = new ArrayList<>();
    PricingCatalog built = CatalogBuilder.build(config, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException("default-pricing.json (built in)", problems);
    }
    return built;
  }
}
