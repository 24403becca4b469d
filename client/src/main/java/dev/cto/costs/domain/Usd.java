package dev.cto.costs.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An exact amount of US dollars, held as an integer number of nano-dollars (1e-9 USD).
 *
 * <p>Why integers: a record's cost is rounded once, at ingest, and every total after that is an
 * integer sum, identical in Java, SQLite and PostgreSQL and independent of summation order. Floats
 * drift; {@code BigDecimal} columns differ between databases.
 */
public record Usd(long nanos) implements Comparable<Usd> {

  public static final Usd ZERO = new Usd(0);
  private static final int SCALE = 9;

  /** Rounds half-even to the nano-dollar. */
  public static Usd of(BigDecimal dollars) {
    return new Usd(dollars.setScale(SCALE, RoundingMode.HALF_EVEN).unscaledValue().longValueExact());
  }

  public static Usd of(String dollars) {
    return of(new BigDecimal(dollars));
  }

  public static Usd ofNanos(long nanos) {
    return new Usd(nanos);
  }

  public Usd plus(Usd other) {
    return new Usd(Math.addExact(nanos, other.nanos));
  }

  public Usd minus(Usd other) {
    return new Usd(Math.subtractExact(nanos, other.nanos));
  }

  /** The exact decimal value, e.g. {@code 0.105000000}; use {@link #toPlainString()} for JSON. */
  public BigDecimal toBigDecimal() {
    return BigDecimal.valueOf(nanos, SCALE);
  }

  /** Exact decimal without trailing zeros, e.g. {@code 0.105}; never scientific notation. */
  public String toPlainString() {
    BigDecimal value = toBigDecimal().stripTrailingZeros();
    return (value.scale() < 0 ? value.setScale(0) : value).toPlainString();
  }

  public boolean isNegative() {
    return nanos < 0;
  }

  @Override
  public int compareTo(Usd other) {
    return Long.compare(nanos, other.nanos);
  }

  @Override
  public String toString() {
    return "$" + toPlainString();
  }
}
