package dev.cto.costs.report;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Shares of a total as percentages with one decimal that add up to exactly 100.0 (largest
 * remainder method), computed in integers: no float rounding can make a column sum to 99.9.
 */
final class Percentages {

  private Percentages() {}

  static List<BigDecimal> of(List<Long> parts) {
    long total = parts.stream().mapToLong(Long::longValue).sum();
    List<BigDecimal> out = new ArrayList<>();
    if (total <= 0) {
      parts.forEach(p -> out.add(BigDecimal.ZERO.setScale(1)));
      return out;
    }
    BigInteger t = BigInteger.valueOf(total);
    long[] tenths = new long[parts.size()];
    BigInteger[] remainders = new BigInteger[parts.size()];
    long assigned = 0;
    for (int i = 0; i < parts.size(); i++) {
      BigInteger[] qr = BigInteger.valueOf(parts.get(i)).multiply(BigInteger.valueOf(1000)).divideAndRemainder(t);
      tenths[i] = qr[0].longValue();
      remainders[i] = qr[1];
      assigned += tenths[i];
    }
    List<Integer> byRemainder = IntStream.range(0, parts.size()).boxed()
        .sorted(Comparator.comparing((Integer i) -> remainders[i]).reversed().thenComparing(i -> i))
        .toList();
    for (int k = 0; k < 1000 - assigned; k++) {
      tenths[byRemainder.get(k)]++;
    }
    for (long v : tenths) {
      out.add(BigDecimal.valueOf(v, 1));
    }
    return out;
  }
}
