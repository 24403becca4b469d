package dev.cto.costs.budget;

import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.BudgetLedger;
import dev.cto.costs.store.BudgetLedger.PrSpend;
import dev.cto.costs.store.BudgetLedger.SpendScope;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The status of every budget in force: spend from the store, live reservations, what remains, the
 * status and a run-rate projection to the period's end.
 *
 * <p>The projection assumes the rest of the period spends at the rate of its elapsed part:
 * {@code spent + spent / elapsed × (end − now)}. The elapsed part counts at least one hour, so the
 * first minutes of a day do not turn a few cents into thousands of dollars.
 */
public final class BudgetStatusService {

  /** How many PRs a {@code {pr: "*"}} budget lists (its alerts look at every PR: {@link #prsForAlerts}). */
  public static final int PRS_SHOWN = 10;

  private static final Duration MIN_ELAPSED = Duration.ofHours(1);
  private static final String PR_SEPARATOR = "|";

  private final BudgetLedger ledger;
  private final Supplier<BudgetBook> book;
  private final Clock clock;

  public BudgetStatusService(BudgetLedger ledger, Supplier<BudgetBook> book, Clock clock) {
    this.ledger = ledger;
    this.book = book;
    this.clock = clock;
  }

  /** Every budget, in config order, as it stands now. */
  public BudgetReport status() {
    return statusAt(null, null);
  }

  /**
   * Every budget, in config order, as it stood just before {@code until}: the period that held
   * that moment, its spend before {@code until} and the projection from it; reservations only
   * when that is now (calls in flight have no history). With a repository, only the budgets that
   * can cover its calls, and a per-PR budget's PRs of that repository alone.
   *
   * @param until exclusive, as the API's {@code until}, a UTC midnight; null or not in the past: now
   * @param repository owner/name, or null for every budget
   */
  public BudgetReport statusAt(Instant until, String repository) {
    Instant now = clock.instant();
    if (until != null && until.isBefore(now) && (until.getEpochSecond() % 86_400 != 0 || until.getNano() != 0)) {
      // the spend is summed from the daily rollup, whose rows are whole UTC days
      throw new IllegalArgumentException("until: budgets are read at the start of a UTC day; give a date (YYYY-MM-DD), was " + until);
    }
    AsOf asOf = until == null || !until.isBefore(now) ? new AsOf(now, null) : new AsOf(until.minusNanos(1), until);
    List<BudgetStatus> out = new ArrayList<>();
    for (Budget b : book.get().budgets()) {
      if (repository != null && !mayCover(b.scope(), repository)) {
        continue;
      }
      out.add(b.scope().eachPr() ? perPr(b, asOf, repository, null) : whole(b, asOf));
    }
    return new BudgetReport(out);
  }

  /**
   * The moment a status is read for: {@code at} picks the period, {@code until} (null: now, live)
   * ends the spend counted.
   */
  private record AsOf(Instant at, Instant until) {

    boolean live() {
      return until == null;
    }

    SpendScope bound(SpendScope scope) {
      if (until == null || scope.until() != null && !until.isBefore(scope.until())) {
        return scope;
      }
      return new SpendScope(scope.repository(), scope.prNumber(), scope.agent(), scope.teamRepositories(), scope.teamAgents(),
          scope.modelLike(), scope.from(), until);
    }
  }

  /** Whether some call of the repository can fall in the scope (a team of agents covers any repository). */
  private static boolean mayCover(BudgetScope scope, String repository) {
    return (scope.repository() == null || scope.repository().equals(repository))
        && (scope.team() == null || !scope.team().agents().isEmpty() || scope.team().repositories().contains(repository));
  }

  /**
   * The {@code {pr: "*"}} budgets as they stand for one PR (the other budgets are not per PR: see
   * {@link #status()}).
   *
   * @param repository the PR's repository, or null for the PR number in any repository
   */
  public BudgetReport statusOfPr(String repository, long prNumber) {
    Instant now = clock.instant();
    List<BudgetStatus> out = new ArrayList<>();
    for (Budget b : book.get().budgets()) {
      if (b.scope().eachPr()) {
        out.add(perPr(b, new AsOf(now, null), repository, prNumber));
      }
    }
    return new BudgetReport(out);
  }

  /**
   * For the alerts: per {@code {pr: "*"}} budget of the report, every PR an alert may be due for
   * in the period the report was read for ({@link BudgetAlerts#lowestDue}), however many; the
   * status lists only the {@value #PRS_SHOWN} closest to the limit. One query per budget, which
   * reads only the PRs at or past that floor.
   */
  public Map<String, List<PrSpend>> prsForAlerts(BudgetReport report) {
    Instant now = clock.instant();
    Map<String, Budget> byName = new LinkedHashMap<>();
    book.get().budgets().forEach(b -> byName.putIfAbsent(b.name(), b));
    Map<String, List<PrSpend>> out = new LinkedHashMap<>();
    for (BudgetStatus s : report.budgets()) {
      Budget b = byName.get(s.name());
      if (b == null || !b.scope().eachPr()) {
        continue;
      }
      Instant periodAt = s.periodStart() == null ? now : s.periodStart();
      Usd floor = BudgetAlerts.lowestDue(b, periodAt, now);
      out.put(b.name(), floor == null ? List.of()
          : ledger.prsSpentAtLeast(b.scope().spendScope(b.period().window(periodAt)), floor));
    }
    return out;
  }

  private BudgetStatus whole(Budget b, AsOf asOf) {
    Instant now = asOf.at();
    PeriodWindow window = b.period().window(now);
    Usd spent = ledger.spent(asOf.bound(b.scope().spendScope(window)));
    String key = b.periodKey(now);
    Usd reserved = asOf.live() ? ledger.reserved(key, now).getOrDefault(key, Usd.ZERO) : Usd.ZERO;
    return new BudgetStatus(b.name(), b.scope().asConfig(), b.period().configName(), window.start(),
        dollars(b.limit()), dollars(spent), dollars(reserved), remaining(b, spent, reserved),
        status(b, spent), b.enforce(), projected(spent, window, now), null);
  }

  /**
   * @param repository with {@code prNumber}: that PR's repository (null: the number in any); alone:
   *     the PRs of that repository
   */
  private BudgetStatus perPr(Budget b, AsOf asOf, String repository, Long prNumber) {
    Instant now = asOf.at();
    PeriodWindow window = b.period().window(now);
    SpendScope scope = asOf.bound(b.scope().spendScope(window));
    String prefix = b.periodKey(now) + PR_SEPARATOR;
    Map<String, Usd> reservedByKey = asOf.live() ? new LinkedHashMap<>(ledger.reserved(prefix, now)) : new LinkedHashMap<>();
    if (prNumber == null && repository != null) {
      scope = new SpendScope(repository, null, scope.agent(), scope.teamRepositories(), scope.teamAgents(), scope.modelLike(),
          scope.from(), scope.until());
      reservedByKey.keySet().removeIf(k -> !k.startsWith(prefix + repository + "#"));
    }
    Map<String, Usd[]> prs = new LinkedHashMap<>(); // key → {spent, reserved}
    if (prNumber != null) {
      List<PrSpend> one = repository != null ? List.of(new PrSpend(repository, prNumber,
          ledger.spent(scope.forPr(repository, prNumber))))
          : ledger.spentPerPr(new SpendScope(scope.repository(), prNumber, scope.agent(), scope.teamRepositories(),
              scope.teamAgents(), scope.modelLike(), scope.from(), scope.until()), 0);
      one.forEach(p -> prs.put(b.key(now, p.repository(), p.prNumber()), new Usd[] {p.spent(), Usd.ZERO}));
      reservedByKey.forEach((k, v) -> {
        if (k.endsWith("#" + prNumber) && (repository == null || k.equals(b.key(now, repository, prNumber)))) {
          prs.computeIfAbsent(k, x -> new Usd[] {Usd.ZERO, Usd.ZERO})[1] = v;
        }
      });
    } else {
      ledger.spentPerPr(scope, PRS_SHOWN)
          .forEach(p -> prs.put(b.key(now, p.repository(), p.prNumber()), new Usd[] {p.spent(), Usd.ZERO}));
      reservedByKey.forEach((k, v) -> prs.computeIfAbsent(k, x -> new Usd[] {Usd.ZERO, Usd.ZERO})[1] = v);
    }
    List<BudgetStatus.PrBudgetStatus> rows = new ArrayList<>();
    prs.forEach((key, money) -> {
      int hash = key.lastIndexOf('#');
      String repo = key.substring(prefix.length(), hash);
      rows.add(new BudgetStatus.PrBudgetStatus(repo, Long.parseLong(key.substring(hash + 1)),
          dollars(money[0]), dollars(money[1]), remaining(b, money[0], money[1]), status(b, money[0]),
          projected(money[0], window, now)));
    });
    rows.sort(Comparator.comparing((BudgetStatus.PrBudgetStatus p) -> p.spentUsd().add(p.reservedUsd())).reversed()
        .thenComparing(BudgetStatus.PrBudgetStatus::repository)
        .thenComparingLong(BudgetStatus.PrBudgetStatus::prNumber));
    List<BudgetStatus.PrBudgetStatus> shown = rows.subList(0, Math.min(PRS_SHOWN, rows.size()));
    BigDecimal spent = shown.isEmpty() ? BigDecimal.ZERO : shown.get(0).spentUsd();
    BigDecimal reserved = shown.isEmpty() ? BigDecimal.ZERO : shown.get(0).reservedUsd();
    return new BudgetStatus(b.name(), b.scope().asConfig(), b.period().configName(), window.start(),
        dollars(b.limit()), spent, reserved, remaining(b, Usd.of(spent), Usd.of(reserved)),
        status(b, Usd.of(spent)), b.enforce(), projected(Usd.of(spent), window, now), List.copyOf(shown));
  }

  private static BigDecimal remaining(Budget b, Usd spent, Usd reserved) {
    Usd left = b.limit().minus(spent).minus(reserved);
    return dollars(left.isNegative() ? Usd.ZERO : left);
  }

  static String status(Budget b, Usd spent) {
    BigDecimal s = dollars(spent);
    BigDecimal limit = dollars(b.limit());
    if (s.compareTo(limit) >= 0) {
      return "exceeded";
    }
    return s.compareTo(limit.multiply(b.warningFraction())) >= 0 ? "warning" : "ok";
  }

  static BigDecimal projected(Usd spent, PeriodWindow window, Instant now) {
    if (!window.isBounded()) {
      return null;
    }
    long[] elapsedAndLeft = elapsedAndLeft(window, now);
    long elapsed = elapsedAndLeft[0];
    long left = elapsedAndLeft[1];
    BigDecimal s = dollars(spent);
    BigDecimal p = s.add(s.multiply(BigDecimal.valueOf(left)).divide(BigDecimal.valueOf(elapsed), 9, RoundingMode.HALF_EVEN));
    return dollars(Usd.of(p));
  }

  /** The milliseconds of a bounded period the projection counts as elapsed (at least an hour) and as left. */
  static long[] elapsedAndLeft(PeriodWindow window, Instant now) {
    return new long[] {Math.max(Duration.between(window.start(), now).toMillis(), MIN_ELAPSED.toMillis()),
        Math.max(Duration.between(now, window.end()).toMillis(), 0)};
  }

  /** Exact, without trailing zeros, as every report writes money. */
  private static BigDecimal dollars(Usd usd) {
    return new BigDecimal(usd.toPlainString());
  }
}
