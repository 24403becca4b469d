package dev.cto.costs.web.ui;

import dev.cto.costs.report.Numbers;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the pages write numbers and times: money and counts exactly as the CLI's tables do. */
final class Fmt {

  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private Fmt() {}

  static String usd(BigDecimal amount) {
    return Numbers.dollars(amount);
  }

  static String count(long n) {
    return Numbers.count(n);
  }

  static String percent(BigDecimal p) {
    return Numbers.percent(p);
  }

  /** A ratio (0.25) as the CLI's efficiency table shows it: 25.0%; "-" when unknown. */
  static String ratio(BigDecimal ratio) {
    return ratio == null ? "-" : Numbers.percent(ratio.movePointRight(2));
  }

  /** A plain quotient (iterations per PR) to {@code decimals} places, half-even as the CLI rounds; "-" when unknown. */
  static String decimal(BigDecimal value, int decimals) {
    return value == null ? "-" : value.setScale(decimals, java.math.RoundingMode.HALF_EVEN).toPlainString();
  }

  /** The time in UTC as text; the page's script shows it in the browser's zone and keeps this on hover. */
  static String utc(Instant at) {
    return at == null ? "-" : UTC.format(at);
  }

  /** The machine-readable form for {@code <time datetime>}. */
  static String iso(Instant at) {
    return at == null ? "" : at.toString();
  }

  /** A repository as shown: usage without one is named so, not left blank. */
  static String repo(String repository) {
    return repository == null || repository.isEmpty() ? "(no repository)" : repository;
  }

  /** A price per million tokens, as written in the catalog (no trailing zeros). */
  static String rate(BigDecimal perMillion) {
    return perMillion == null ? "-" : "$" + perMillion.stripTrailingZeros().toPlainString();
  }
}
