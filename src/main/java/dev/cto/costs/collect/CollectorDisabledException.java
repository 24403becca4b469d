package dev.cto.costs.collect;

/** The cost config says {@code enabled: false}: records are refused, loudly, not dropped. */
public class CollectorDisabledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CollectorDisabledException() {
    super("cost tracking is disabled (enabled: false in the cost config): nothing was stored");
  }
}
