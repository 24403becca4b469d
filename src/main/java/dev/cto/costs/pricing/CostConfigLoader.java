package dev.cto.costs.pricing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.PricingCatalog;
import dev.cto.costs.domain.Thresholds;
import dev.cto.costs.domain.Usd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads a cost config file (JSON or YAML) and turns it into the {@link CostSettings} in force. */
public final class CostConfigLoader {

  private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

  private CostConfigLoader() {}

  public static CostConfig load(Path file) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), List.of("no such file"));
    } catch (IOException e) {
      throw new ConfigException(file.toString(), List.of("cannot read: " + e.getMessage()));
    }
    return parse(content, file.toString());
  }

  /**
   * Parses config text; {@code name} picks JSON or YAML by extension (else by content). An empty
   * file (or one of comments only) is the defaults. Every unknown key is reported at once, with
   * its line and the closest valid key; a syntax or type error with its line and column.
   */
  public static CostConfig parse(byte[] content, String name) {
    ObjectMapper mapper = ConfigMappers.forName(name, content);
    UnknownKeys unknown = new UnknownKeys();
    CostConfig config;
    try {
      if (isEmpty(mapper, content)) {
        return new CostConfig();
      }
      config = mapper.readerFor(CostConfig.class).withHandler(unknown).readValue(content);
    } catch (JsonMappingException e) {
      if (e.getCause() instanceof JsonProcessingException syntax && !(syntax instanceof JsonMappingException)) {
        throw syntaxError(name, mapper, syntax);
      }
      List<String> problems = new ArrayList<>(unknown.problems(ConfigLocations.of(mapper, content)));
      problems.add(ConfigLocations.at(e.getLocation()) + path(e) + ": " + ConfigTypes.describe(e));
      throw new ConfigException(name, problems);
    } catch (JsonProcessingException e) {
      throw syntaxError(name, mapper, e);
    } catch (IOException e) {
      throw new ConfigException(name, List.of("cannot read: " + e.getMessage()));
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException(name, unknown.problems(ConfigLocations.of(mapper, content)));
    }
    return config == null ? new CostConfig() : config;
  }

  private static boolean isEmpty(ObjectMapper mapper, byte[] content) throws IOException {
    try (JsonParser p = mapper.createParser(content)) {
      return p.nextToken() == null;
    }
  }

  public static CostSettings loadSettings(Path file) {
    return toSettings(load(file), file.toString());
  }

  /** Checks the config's meaning (every problem at once) and builds the settings it describes. */
  public static CostSettings toSettings(CostConfig config, String name) {
    List<String> problems = new ArrayList<>();
    Usd warning = money(config.warningThreshold, "warning_threshold", problems);
    Usd error = money(config.errorThreshold, "error_threshold", problems);
    if (config.defaultRepository != null && !REPOSITORY.matcher(config.defaultRepository).matches()) {
      problems.add("default_repository: must look like owner/name, was \"" + config.defaultRepository + "\"");
    }
    checkGithub(config, problems);
    AlertsConfig.validate(config.alerts, problems);
    if (config.proxy != null) {
      config.proxy.check(problems);
    }
    if (config.attribution != null) {
      config.attribution.check(problems);
    }
    BudgetBooks.build(config, problems);
    PricingCatalog catalog = null;
    try {
      catalog = CatalogBuilder.build(config, problems);
    } catch (IllegalArgumentException e) {
      problems.add("pricing: " + e.getMessage());
    }
    Thresholds thresholds = null;
    if (problems.isEmpty()) {
      try {
        thresholds = new Thresholds(warning, error);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(name, problems);
    }
    return new CostSettings(config.isEnabled(), thresholds, config.defaultRepository, catalog);
  }

  private static void checkGithub(CostConfig config, List<String> problems) {
    if (config.commentMinInterval != null) {
      try {
        if (Durations.parse(config.commentMinInterval).isNegative()) {
          problems.add("comment_min_interval: must not be negative, was \"" + config.commentMinInterval + "\"");
        }
      } catch (IllegalArgumentException e) {
        problems.add("comment_min_interval: " + e.getMessage());
      }
    }
    if (config.github != null) {
      config.github.check(problems);
    }
  }

  private static ConfigException syntaxError(String name, ObjectMapper mapper, JsonProcessingException e) {
    String format = mapper == ConfigMappers.YAML ? "YAML" : "JSON";
    return new ConfigException(name, List.of(ConfigLocations.at(ConfigTypes.location(e)) + "not valid " + format + ": "
        + ConfigTypes.syntaxProblem(e)));
  }

  private static Usd money(java.math.BigDecimal value, String field, List<String> problems) {
    if (value == null) {
      return null;
    }
    if (value.signum() < 0) {
      problems.add(field + ": must be >= 0, was " + value.toPlainString());
      return null;
    }
    return Usd.of(value);
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      } else if (ref.getFieldName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
      }
    }
    return sb.length() == 0 ? "(top level)" : sb.toString();
  }
}
