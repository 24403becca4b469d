package dev.cto.costs.store.jdbc;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Column lists and the time encodings shared by the writers and readers. */
final class Columns {

  static final String USAGE =
      "id, repository, pr_number, agent, stage, iteration, task_id, cli, model, provider,"
          + " input_tokens, output_tokens, cache_write_5m_tokens, cache_write_1h_tokens,"
          + " cache_read_tokens, cost_nanos, priced, session_id, request_id, source, occurred_at,"
          + " usage_day, recorded_at, cache_savings_nanos";

  static final int USAGE_COUNT = 24;

  static final String ROLLUP_KEY = "usage_day, repository, pr_number, agent, stage, model, provider, priced";

  static final String ROLLUP_SUMS =
      "max_iteration, records, input_tokens, output_tokens, cache_write_5m_tokens, cache_write_1h_tokens,"
          + " cache_read_tokens, cost_nanos, first_at, last_at, cache_savings_nanos, savings_unknown";

  private Columns() {}

  // plain arithmetic: these run for every stored record on the single writer thread, where the
  // general temporal API showed up in profiles
  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  static Instant fromMicros(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  static int epochDay(Instant t) {
    return (int) Math.floorDiv(t.getEpochSecond(), 86_400L);
  }

  static boolean isMidnight(Instant t) {
    return t.equals(t.truncatedTo(ChronoUnit.DAYS));
  }

  /** The placeholder tuple for one row of {@code n} columns: {@code (?, ?, …)}. */
  static String tuple(int n) {
    return "(" + "?, ".repeat(n - 1) + "?)";
  }
}
