package dev.cto.costs.budget;

import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.CostQueries;
import dev.cto.costs.store.Dimension;
import dev.cto.costs.store.GroupTotals;
import dev.cto.costs.store.UsageFilter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Charges a month's cost to teams, repositories or agents. The store sums the month by repository
 * and agent (from the daily rollup); each group then goes to one name, so the rows add up to the
 * month's total exactly. By team, a group goes to the first team in config order that has its
 * repository or agent, else to {@code unallocated}; by repository, records without one are {@code
 * unallocated}.
 */
public final class Chargeback {

  /** What a month's cost can be charged to. */
  public enum By {
    TEAM, REPOSITORY, AGENT;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** {@code team}, {@code repository} or {@code agent}; anything else names the parameter. */
    public static By parse(String value) {
      for (By b : values()) {
        if (b.wireName().equals(value)) {
          return b;
        }
      }
      throw new IllegalArgumentException("by: must be team, repository or agent, was '" + value + "'");
    }
  }

  private final CostQueries queries;
  private final Supplier<BudgetBook> book;

  public Chargeback(CostQueries queries, Supplier<BudgetBook> book) {
    this.queries = queries;
    this.book = book;
  }

  /** @param from the month's first instant (UTC midnight); @param until the next month's */
  public Allocation allocate(Instant from, Instant until, By by) {
    BudgetBook teams = book.get();
    List<GroupTotals> groups = queries.aggregate(UsageFilter.period(from, until), List.of(Dimension.REPOSITORY, Dimension.AGENT), 0);
    Map<String, long[]> sums = new LinkedHashMap<>(); // name → {nanos, records}
    long total = 0;
    long records = 0;
    for (GroupTotals g : groups) {
      String repository = g.string(0) == null || g.string(0).isEmpty() ? null : g.string(0);
      String agent = g.string(1);
      String name = switch (by) {
        case TEAM -> {
          Team t = teams.teamOf(repository, agent);
          yield t == null ? Allocation.UNALLOCATED : t.name();
        }
        case REPOSITORY -> repository == null ? Allocation.UNALLOCATED : repository;
        case AGENT -> agent;
      };
      long[] s = sums.computeIfAbsent(name, k -> new long[2]);
      s[0] = Math.addExact(s[0], g.cost().nanos());
      s[1] += g.records();
      total = Math.addExact(total, g.cost().nanos());
      records += g.records();
    }
    List<Allocation.Row> rows = new ArrayList<>();
    long totalNanos = total;
    sums.forEach((name, s) -> rows.add(new Allocation.Row(name, dollars(s[0]), share(s[0], totalNanos), s[1])));
    rows.sort(Comparator.comparing((Allocation.Row r) -> r.name().equals(Allocation.UNALLOCATED))
        .thenComparing(Allocation.Row::costUsd, Comparator.reverseOrder())
        .thenComparing(Allocation.Row::name));
    String month = from.atZone(ZoneOffset.UTC).toLocalDate().toString().substring(0, 7);
    return new Allocation(month, from, until, by.wireName(), dollars(total), records, List.copyOf(rows));
  }

  private static BigDecimal dollars(long nanos) {
    return new BigDecimal(Usd.ofNanos(nanos).toPlainString());
  }

  private static BigDecimal share(long part, long total) {
    if (total == 0) {
      return BigDecimal.ZERO;
    }
    return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(total), 6, RoundingMode.HALF_EVEN).stripTrailingZeros();
  }
}
