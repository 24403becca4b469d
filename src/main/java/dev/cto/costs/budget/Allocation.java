package dev.cto.costs.budget;

import dev.cto.costs.report.Numbers;
import dev.cto.costs.report.Presentable;
import dev.cto.costs.report.View;
import dev.cto.costs.report.View.Cell;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A month's cost charged back to teams, repositories or agents ({@code costs allocate}). The rows
 * sum to the month's total exactly: records no team has are listed under {@code unallocated},
 * never dropped.
 *
 * @param month {@code YYYY-MM} (UTC)
 * @param by {@code team}, {@code repository} or {@code agent}
 * @param rows by cost, most first; {@code unallocated} last
 */
public record Allocation(String month, Instant from, Instant until, String by, BigDecimal totalCostUsd, long records,
    List<Row> rows) implements Presentable {

  /** The name under which records with no team (or no repository) are listed. */
  public static final String UNALLOCATED = "unallocated";

  /** @param share of the month's total, 0 to 1, half-even to 1e-6 */
  public record Row(String name, BigDecimal costUsd, BigDecimal share, long records) {}

  @Override
  public View view() {
    View.Builder view = View.builder("Chargeback " + month + " by " + by);
    view.fact("Total", Numbers.dollars(totalCostUsd));
    view.fact("Records", Long.toString(records));
    List<List<Cell>> cells = rows.stream().map(r -> List.of(Cell.text(r.name()), Cell.money(r.costUsd()),
        Cell.percent(r.share().movePointRight(2)), Cell.count(r.records()))).toList();
    view.section("By " + by, List.of(capitalized(by), "Cost", "Share", "Records"), cells);
    if (by.equals("team")) {
      view.note("A record two teams claim is charged to the first of them in the config's teams order.");
    }
    return view.build();
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
