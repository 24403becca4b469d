package dev.cto.costs.capture.otlp;

import dev.cto.costs.domain.Attribution;

/**
 * Who the calls of one OTLP resource are charged to, from the attributes an agent's launcher sets
 * with {@code OTEL_RESOURCE_ATTRIBUTES=cto.repository=o/r,cto.pr=42,cto.agent=rex,...}. A CLI run
 * without them is still recorded, to agent and stage {@code unknown}, never dropped.
 */
final class ResourceAttribution {

  static final String UNKNOWN = "unknown";

  private ResourceAttribution() {}

  static Attribution of(Attributes resource) {
    long pr = resource.count("cto.pr", 0);
    if (resource.has("cto.pr") && pr < 1) {
      throw new Attributes.BadEvent("cto.pr must be >= 1, was " + pr);
    }
    long iteration = resource.count("cto.iteration", 1);
    if (iteration < 1 || iteration > Integer.MAX_VALUE) {
      throw new Attributes.BadEvent("cto.iteration must be >= 1, was " + iteration);
    }
    return new Attribution(
        resource.string("cto.repository"),
        resource.has("cto.pr") ? pr : null,
        orUnknown(resource.string("cto.agent")),
        orUnknown(resource.string("cto.stage")),
        (int) iteration,
        resource.string("cto.task"));
  }

  private static String orUnknown(String value) {
    return value == null ? UNKNOWN : value;
  }
}
