package dev.cto.costs.analytics.stats;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Spend per UTC day, in nano-dollars, over consecutive days from {@code first}. Days before
 * {@code first} are unknown (no history yet), not zero; days inside with no usage are zero.
 */
public record DailySeries(LocalDate first, long[] nanos) {

  public DailySeries {
    if (first == null) {
      throw new IllegalArgumentException("first day missing");
    }
    nanos = nanos.clone();
  }

  public LocalDate last() {
    return first.plusDays(nanos.length - 1L);
  }

  public boolean covers(LocalDate day) {
    return !day.isBefore(first) && !day.isAfter(last());
  }

  /** The day's spend: 0 for a day after the series (nothing recorded yet) or without usage. */
  public long on(LocalDate day) {
    long index = ChronoUnit.DAYS.between(first, day);
    return index >= 0 && index < nanos.length ? nanos[(int) index] : 0;
  }

  /** The spend of the days from {@code from} to {@code to}, both included. */
  public long sum(LocalDate from, LocalDate to) {
    long total = 0;
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      total += on(d);
    }
    return total;
  }
}
