package dev.cto.costs.collect;

import dev.cto.costs.domain.UsageRecord;
import java.util.List;

/** The outcome of reading a request: the valid records and every problem found. */
public record ParsedBatch(List<UsageRecord> records, List<FieldError> errors) {

  public boolean isValid() {
    return errors.isEmpty();
  }

  /** The records, or a {@link ValidationException} listing every problem. */
  public List<UsageRecord> validRecords() {
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return records;
  }
}
