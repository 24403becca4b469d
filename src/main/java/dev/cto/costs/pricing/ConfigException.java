package dev.cto.costs.pricing;

import java.util.List;

/** A cost config that cannot be used; the message names the file and every problem in it. */
public class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final transient List<String> problems;

  public ConfigException(String source, List<String> problems) {
    super(source + ": " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
