package dev.cto.costs.collect;

/** The writer's queue is full: retry later (HTTP 429/503 with Retry-After). */
public class CollectorOverloadedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CollectorOverloadedException(String message) {
    super(message);
  }
}
