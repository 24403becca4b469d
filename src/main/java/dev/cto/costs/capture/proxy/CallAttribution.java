package dev.cto.costs.capture.proxy;

import dev.cto.costs.domain.Attribution;
import java.util.Map;
import java.util.function.Function;

/**
 * Who a proxied call is charged to: {@code X-CTO-*} request headers, overridden by the path's
 * {@code @key=value} pairs. A call without an agent or stage is still recorded (as {@code unknown}),
 * because dropping tokens is worse than attributing them loosely.
 */
record CallAttribution(Attribution attribution, String cli) {

  static final String UNKNOWN = "unknown";
  static final String HEADER_PREFIX = "x-cto-";

  /** @throws IllegalArgumentException when a number does not parse or a value is out of range */
  static CallAttribution of(Function<String, String> header, Map<String, String> path) {
    String repository = pick(header, path, "repository", "repo");
    String pr = pick(header, path, "pr", "pr_number");
    String agent = pick(header, path, "agent", null);
    String stage = pick(header, path, "stage", null);
    String iteration = pick(header, path, "iteration", null);
    String task = pick(header, path, "task", "task_id");
    String cli = pick(header, path, "cli", null);
    try {
      return new CallAttribution(new Attribution(repository, pr == null ? null : Long.parseLong(pr),
          agent == null ? UNKNOWN : agent, stage == null ? UNKNOWN : stage,
          iteration == null ? 1 : Integer.parseInt(iteration), task), cli);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("X-CTO-PR and X-CTO-Iteration must be whole numbers: " + e.getMessage());
    }
  }

  private static String pick(Function<String, String> header, Map<String, String> path, String name, String alias) {
    String value = path.get(name);
    if (value == null && alias != null) {
      value = path.get(alias);
    }
    if (value == null) {
      value = header.apply(HEADER_PREFIX + (name.equals("pr") ? "pr" : name));
    }
    return value == null || value.isBlank() ? null : value.trim();
  }
}
