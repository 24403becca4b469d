package dev.cto.costs.collect;

import java.util.List;

/** A request was rejected as a whole; {@link #errors()} names every bad record and field. */
public class ValidationException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final transient List<FieldError> errors;

  public ValidationException(List<FieldError> errors) {
    super(summary(errors));
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }

  private static String summary(List<FieldError> errors) {
    if (errors.size() == 1) {
      return "invalid usage record, nothing stored: " + errors.get(0).describe();
    }
    long records = errors.stream().map(e -> e.index() + ":" + e.line()).distinct().count();
    return records + " invalid usage records (" + errors.size() + " problems), nothing stored; first: "
        + errors.get(0).describe();
  }
}
