package dev.cto.costs.collect;

/**
 * One problem with one input record.
 *
 * @param index the record's position in the request (0-based), or -1 for the request as a whole
 * @param line the NDJSON line (1-based), or null when the input was not NDJSON
 * @param field the JSON field at fault, or null when the record itself is malformed
 */
public record FieldError(int index, Integer line, String field, String message) {

  /** E.g. {@code line 7: input_tokens: must be an integer >= 0, was -5}. */
  public String describe() {
    String where = line != null ? "line " + line : index >= 0 ? "records[" + index + "]" : "request";
    return where + ": " + (field == null ? "" : field + ": ") + message;
  }
}
