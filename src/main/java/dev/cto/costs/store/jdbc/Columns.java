package dev.cto.costs.store.jdbc;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Column lists and the time encodings shared by the writers and readers. */
final class Columns {

  static final String USAGE =
      "id, repository, pr_number, agent, stage, iteration, task_id, cli, model, provider,"
          + " input_tokens, output_tokens, cache_write_5m_tokens, cache_write_1h_tokens,"
          + " cache_read_tokens, cost_nanos, priced, session_id, request_id, source, occurred_at,"
          + " usage_day, recorded_at";

  static final int USAGE_COUNT = 23;

  static final String ROLLUP_KEY = "usage_day, repository, pr_number, agent, stage, model, provider, priced";

  static final String ROLLUP_SUMS =
      "max_iteration, records, input_tokens, output_tokens, cache_write_5m_tokens, cache_write_1h_tokens,"
          + " cache_read_tokens, cost_nanos, first_at, last_at";

  private Columns() {}

  static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  static Instant fromMicros(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  static int epochDay(Instant t) {
    return (int) LocalDate.ofInstant(t, ZoneOffset.UTC).toEpochDay();
  }

  static boolean isMidnight(Instant t) {
    return t.equals(t.truncatedTo(ChronoUnit.DAYS));
  }

  /** The placeholder tuple for one row of {@code n} columns: {@code (?, ?, …)}. */
  static String tuple(int n) {
    return "(" + "?, ".repeat(n - 1) + "?)";
  }
}
