package dev.cto.costs.store;

import dev.cto.costs.domain.Usd;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What budgets need of the store: the spend of a scope in a period, and reservations that make a
 * budget hold under concurrency (also across replicas sharing one PostgreSQL).
 *
 * <p>Spend is summed from the daily rollup: every budget period starts and ends on a UTC midnight,
 * and every scope key (repository, PR, agent, model) is a rollup column, so the rollup is exact.
 *
 * <p>A reservation holds money against one or more budget keys (opaque to the store; the budget
 * service names a budget's current period, and PR, by its key) until it is released, expires, or
 * is settled and its usage record is stored. Settling records the actual cost and the id of the
 * record that carries it: from the moment that record is stored, the cost counts as spend and the
 * reservation no longer counts, judged in one statement, so no cost is ever counted in neither.
 *
 * <p>Every call is one short transaction; {@link #reserve} serialises reservers of the same key
 * with a row lock (PostgreSQL) or the database's single writer (SQLite).
 */
public interface BudgetLedger {

  /**
   * Which records count toward a budget; null fields do not filter.
   *
   * @param repository exact repository
   * @param prNumber exact PR
   * @param agent exact agent
   * @param teamRepositories with {@code teamAgents}: records whose repository is one of these or
   *     whose agent is one of {@code teamAgents} (a team); both null for no team condition
   * @param modelLike a lower-case SQL LIKE pattern ({@code \} escapes) the lower-cased model must match
   * @param from inclusive start of the period (a UTC midnight), null for no bound
   * @param until exclusive end of the period (a UTC midnight), null for no bound
   */
  record SpendScope(String repository, Long prNumber, String agent, Set<String> teamRepositories,
      Set<String> teamAgents, String modelLike, Instant from, Instant until) {

    public static final SpendScope ALL = new SpendScope(null, null, null, null, null, null, null, null);

    public SpendScope {
      if ((teamRepositories == null) != (teamAgents == null)) {
        throw new IllegalArgumentException("a team needs both lists (either may be empty)");
      }
      teamRepositories = teamRepositories == null ? null : Set.copyOf(teamRepositories);
      teamAgents = teamAgents == null ? null : Set.copyOf(teamAgents);
    }

    public SpendScope forPr(String repo, long pr) {
      return new SpendScope(repo, pr, agent, teamRepositories, teamAgents, modelLike, from, until);
    }
  }

  /** A PR's spend within a scope. */
  record PrSpend(String repository, long prNumber, Usd spent) {}

  /**
   * A budget key to reserve against: refused when the scope's spend plus the key's live
   * reservations plus this amount exceed {@code limit}.
   */
  record Claim(String key, SpendScope scope, Usd limit) {
    public Claim {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(limit, "limit");
    }
  }

  /** The answer to {@link #reserve}. */
  sealed interface Decision {}

  /** Every claim held: the amount is now reserved under the id. */
  record Granted(String reservationId) implements Decision {}

  /** The first claim that would have gone over its limit, with what it saw; nothing was reserved. */
  record Refused(Claim claim, Usd spent, Usd reserved) implements Decision {}

  /**
   * The answer to {@link #lease}: whether the lease now holds the amount asked for, and what the
   * decision saw besides it (so the caller can size its next lease without another read).
   *
   * @param reservedByOthers the key's live reservations other than this lease
   */
  record Lease(boolean granted, Usd spent, Usd reservedByOthers) {}

  /**
   * One reservation as the store holds it (a reservation made against several keys is one row per
   * key, with one amount and expiry).
   *
   * @param keys the budget keys it holds money against, sorted
   * @param recordId the usage record it was settled with; null while the call runs
   */
  record Held(String reservationId, List<String> keys, Usd amount, String recordId, Instant expiresAt) {
    public Held {
      keys = List.copyOf(keys);
    }
  }

  /** The spend of the scope. */
  Usd spent(SpendScope scope);

  /** The PRs with the most spend in the scope (records without a PR excluded), most first. */
  List<PrSpend> spentPerPr(SpendScope scope, int limit);

  /**
   * Every PR whose spend in the scope is at least {@code atLeast} (records without a PR excluded),
   * by repository and PR: the PRs a per-PR budget's alerts must look at, however many there are,
   * without reading the PRs far from their limit.
   */
  List<PrSpend> prsSpentAtLeast(SpendScope scope, Usd atLeast);

  /** The live reservations (not expired, not yet turned into stored spend) per key starting with the prefix. */
  Map<String, Usd> reserved(String keyPrefix, Instant now);

  /**
   * Reserves {@code amount} against every claim, all or none, in one transaction.
   *
   * @param reservationId chosen by the caller (unique, at most 64 characters)
   * @param expiresAt when the reservation stops counting if it is neither settled nor released
   */
  Decision reserve(String reservationId, List<Claim> claims, Usd amount, Instant now, Instant expiresAt);

  /**
   * Sets the reservation to the call's actual cost, carried by the usage record {@code recordId}:
   * it counts until that record is stored (then the record's cost is spend) or until {@code
   * expiresAt}, whichever comes first.
   *
   * <p>A reservation that expired but is not purged yet is settled all the same: the call did
   * complete, and its cost counts until its record is stored.
   *
   * @return false when there is no such reservation (released, purged or never made)
   */
  boolean settle(String reservationId, Usd actual, String recordId, Instant expiresAt);

  /**
   * Sets a lease (a reservation a process holds for many calls against one key, and resizes as they
   * come and go) to {@code amount}, creating it when it does not exist or has expired.
   *
   * <p>With {@code grow}, or when {@code amount} is more than the lease's live amount, it is judged
   * like {@link #reserve}, under the key's lock: refused (and the lease unchanged) when spend plus
   * the key's other live reservations plus {@code amount} exceed the claim's limit. The lease's own
   * current amount is not counted against it; but it is judged whole, not by its growth, because
   * its holder lowers what it may use as its calls' records become spend, before the store hears of
   * it. Without {@code grow}, a lease kept or shrunk always succeeds and its expiry is renewed.
   * A lease is never settled: its holder shrinks it and {@link #release}s it.
   */
  Lease lease(String leaseId, Claim claim, Usd amount, boolean grow, Instant now, Instant expiresAt);

  /**
   * The reservation as stored (live or expired but not purged yet), or empty when there is none:
   * released, purged or never made.
   */
  java.util.Optional<Held> reservation(String reservationId);

  /** Drops the reservation (the call failed); false when there was none. */
  boolean release(String reservationId);

  /**
   * Deletes reservations that no longer count (expired, or settled and their record stored) and
   * the lock rows of keys not touched for a day.
   *
   * @return how many reservations were deleted
   */
  int purgeReservations(Instant now);
}
