package dev.cto.costs.web.ui;

import java.util.regex.Pattern;

/**
 * An agent's page address, {@code /agents/{name}}. Agent names are free text: one that is not a
 * plain word (a slash, markup, spaces: servers refuse an encoded slash in a path, and a dot
 * segment would be resolved away) goes in the query, {@code /agents/-?agent=…}, so every name has
 * a page and the address never reinterprets it.
 */
final class AgentPath {

  /** Names that are safe as one path segment as they are, with nothing to encode. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@:+~.-]+");

  /** The placeholder segment of a name carried in the query. */
  static final String IN_QUERY = "-";

  private AgentPath() {}

  static String of(String agent) {
    if (PLAIN.matcher(agent).matches() && !agent.equals(IN_QUERY) && !agent.equals(".") && !agent.equals("..")) {
      return "/agents/" + agent;
    }
    return "/agents/" + IN_QUERY + "?agent=" + PageScope.encode(agent);
  }

  /** The agent a page address names: the path segment, or the {@code agent} parameter behind {@code -}. */
  static String agent(String segment, String query) {
    if (!segment.equals(IN_QUERY)) {
      return segment;
    }
    if (query == null || query.isEmpty()) {
      throw new IllegalArgumentException("agent: /agents/- needs the agent's name in ?agent=");
    }
    return query;
  }
}
