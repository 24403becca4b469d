package dev.cto.costs.collect;

import dev.cto.costs.domain.PricedUsage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the collector tells a metrics backend about the records passing through it, the way
 * Zipkin's {@code CollectorMetrics} and HikariCP's {@code IMetricsTracker} do: the collector owns
 * this port and calls it on every path (HTTP, proxy, OTLP, import, client), so no capture path can
 * forget to count. The Micrometer adapter lives in {@code metrics}; {@link #NONE} is for the CLI,
 * which has no metrics endpoint.
 *
 * <p>Calls come from the writer thread, just before the callers get their answers (so what a
 * caller reads after its acknowledgement counts its records): an implementation must be quick.
 */
public interface CollectorMetrics {

  /** Refused because the collector's queue was full. */
  String OVERLOAD = "overload";

  /** Refused because the store could not commit them. */
  String STORE_FAILURE = "store_failure";

  CollectorMetrics NONE = new CollectorMetrics() {};

  /**
   * One request's records committed.
   *
   * @param fresh the records stored now (not the duplicates), in request order
   * @param duplicates records of the request already stored before
   * @param sinceSubmitted from the collector's receipt of the request to the commit
   */
  default void committed(RecordSource source, List<PricedUsage> fresh, int duplicates, Duration sinceSubmitted) {}

  /**
   * Records refused, none of them stored.
   *
   * @param reason {@link #OVERLOAD}, {@link #STORE_FAILURE} or {@link #invalid(String)}
   */
  default void rejected(RecordSource source, String reason, long records) {}

  /** Counts each refused record once, under the first field at fault in it. */
  default void rejectedInvalid(RecordSource source, List<FieldError> errors) {
    Map<Integer, String> firstFieldByRecord = new LinkedHashMap<>();
    errors.forEach(e -> firstFieldByRecord.putIfAbsent(e.index(), invalid(e.field())));
    Map<String, Long> byReason = new LinkedHashMap<>();
    firstFieldByRecord.values().forEach(reason -> byReason.merge(reason, 1L, Long::sum));
    byReason.forEach((reason, n) -> rejected(source, reason, n));
  }

  /**
   * The reason for a record refused by validation: {@code invalid_} and the field at fault.
   * Client-made names are never labels: an unknown field reads {@code invalid_unknown_field}, a
   * record that is not an object {@code invalid_record}.
   *
   * @param field the field of {@link FieldError}, null when the record as a whole is malformed
   */
  static String invalid(String field) {
    if (field == null) {
      return "invalid_record";
    }
    return RecordValidator.Field.BY_NAME.containsKey(field) ? "invalid_" + field : "invalid_unknown_field";
  }
}
