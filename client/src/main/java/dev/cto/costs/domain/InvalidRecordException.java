package dev.cto.costs.domain;

/**
 * A usage record breaks one of its rules ({@link RecordField}): thrown by the record types
 * themselves, naming the field in its wire (JSON) name so every capture path can report it as the
 * HTTP API does.
 */
public final class InvalidRecordException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;
  private final String field;
  private final String reason;

  public InvalidRecordException(String field, String reason) {
    super(field + ": " + reason);
    this.field = field;
    this.reason = reason;
  }

  /** The field at fault, as named on the wire, e.g. {@code repository}. */
  public String field() {
    return field;
  }

  /** What is wrong with it, without the field name, e.g. {@code must be at most 100 characters, was 7000}. */
  public String reason() {
    return reason;
  }
}
