package dev.cto.costs.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** How people read money and counts: {@code $1,234.57}, {@code $0.0042}, {@code 1,234,567}. */
public final class Numbers {

  private static final BigDecimal CENT = new BigDecimal("0.01");

  private Numbers() {}

  /** Dollars with cents; below a cent up to four decimals, so a real cost never shows as $0.00. */
  public static String dollars(BigDecimal usd) {
    if (usd == null) {
      return "-";
    }
    BigDecimal abs = usd.abs();
    String sign = usd.signum() < 0 ? "-" : "";
    if (abs.signum() == 0) {
      return "$0.00";
    }
    if (abs.compareTo(CENT) < 0) {
      BigDecimal four = abs.setScale(4, RoundingMode.HALF_EVEN);
      return four.signum() == 0 ? sign + "<$0.0001" : sign + "$" + four.toPlainString();
    }
    DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
    f.setRoundingMode(RoundingMode.HALF_EVEN);
    return sign + "$" + f.format(abs);
  }

  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  public static String percent(BigDecimal p) {
    return p == null ? "-" : p.setScale(1, RoundingMode.HALF_EVEN).toPlainString() + "%";
  }
}
