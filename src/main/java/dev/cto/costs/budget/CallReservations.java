package dev.cto.costs.budget;

import dev.cto.costs.domain.CostCalculator;
import dev.cto.costs.domain.ModelPrice;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.BudgetLedger;
import dev.cto.costs.store.BudgetLedger.Claim;
import dev.cto.costs.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Budget checks for callers that do not go through the proxy (the Java client's {@code BudgetGate},
 * over {@code POST /v1/budgets/reservations}): one reservation per call, held in the store, so any
 * replica may settle or release it and one that is never settled expires.
 *
 * <p>The call is judged exactly as the proxy judges it ({@link BudgetEnforcer#plan}: the budgets in
 * scope, the same {@link WorstCase}, the same refusal); only the holding differs. The proxy admits
 * from leases in memory because it decides in the path of every call; a client asking over HTTP
 * already pays a round trip, and a reservation of its own in the store is what lets it settle
 * anywhere and lets {@code GET /v1/budgets} show exactly what it holds. Both are rows of the same
 * budget keys, so proxy calls and client calls draw on one budget.
 */
public final class CallReservations {

  /** How long a reservation holds when the caller does not say: longer than nearly every model call. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
  /** The longest a caller may hold money for one call. */
  public static final Duration MAX_TTL = Duration.ofHours(1);
  /**
   * How long a settled reservation holds its actual cost when its usage record does not arrive: the
   * client's sink sends records within seconds, and retries for minutes when the collector is away.
   */
  static final Duration SETTLED_HOLD = Duration.ofMinutes(15);

  private final BudgetLedger ledger;
  private final BudgetEnforcer enforcer;
  private final Clock clock;

  public CallReservations(BudgetLedger ledger, BudgetEnforcer enforcer, Clock clock) {
    this.ledger = ledger;
    this.enforcer = enforcer;
    this.clock = clock;
  }

  /** The answer to {@link #reserve}. */
  public sealed interface Outcome {}

  /**
   * The call's worst case is held against every enforced budget covering it.
   *
   * @param tightest the enforced budget with the least left once this reservation is counted
   */
  public record Held(String id, Usd reserved, Instant expiresAt, List<String> budgets, Headroom tightest)
      implements Outcome {}

  /**
   * Nothing needs holding: no enforced budget covers the call, the call costs nothing (unpriced or
   * free model), or the store is unreachable and {@code budgets_fail_open} lets calls go unchecked.
   */
  public record NothingHeld(String reason, Headroom tightest) implements Outcome {}

  /** An enforced budget has no room for the call: the proxy's refusal, word for word. */
  public record Refused(Admission.Refused refusal) implements Outcome {}

  /** The store is unreachable and {@code budgets_fail_open} is false. */
  public record StoreDown(String message) implements Outcome {}

  /** What a settle did. */
  public record Settled(String id, Usd settled, String recordId) {}

  /** There is no such live reservation: the message says whether it never existed or expired. */
  public static final class UnknownReservationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownReservationException(String message) {
      super(message);
    }
  }

  /** The reservation was settled already and cannot be settled otherwise or released. */
  public static final class AlreadySettledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AlreadySettledException(String message) {
      super(message);
    }
  }

  /**
   * Holds the call's worst case against the enforced budgets covering it, all or none.
   *
   * @param ttl how long the reservation holds if it is neither settled nor released (the caller died)
   */
  public Outcome reserve(BudgetSubject subject, CallShape call, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("ttl_seconds: must be between 1 and " + MAX_TTL.toSeconds() + ", was "
          + ttl.toSeconds());
    }
    BudgetEnforcer.Plan plan = enforcer.plan(subject, call);
    if (plan == null) {
      return new NothingHeld("no budget covers the call", null);
    }
    List<Budget> enforced = plan.enforced();
    if (enforced.isEmpty()) {
      return new NothingHeld(plan.worstCase() == 0 ? "the model is unpriced or free: money budgets never refuse it"
          : "no enforced budget covers the call", enforcer.tightest(plan.inScope(), plan.who(), plan.now()));
    }
    List<Claim> claims = new ArrayList<>();
    for (Budget b : enforced) {
      claims.add(BudgetEnforcer.claim(b, plan.who(), plan.now()));
    }
    String id = "call-" + UUID.randomUUID();
    Instant expires = plan.now().plus(ttl);
    Usd worst = Usd.ofNanos(plan.worstCase());
    BudgetLedger.Decision decision;
    try {
      decision = ledger.reserve(id, claims, worst, plan.now(), expires);
      enforcer.outage().up();
    } catch (StoreException e) {
      boolean open = enforcer.failOpen();
      enforcer.outage().down(e, open);
      return open ? new NothingHeld("the budget store is unreachable and budgets_fail_open is true: not checked", null)
          : new StoreDown("cto-costs cannot check budget '" + enforced.get(0).name()
              + "': its store is unreachable and budgets_fail_open is false");
    }
    if (decision instanceof BudgetLedger.Refused refused) {
      int at = claims.indexOf(refused.claim());
      Budget b = enforced.get(at < 0 ? 0 : at);
      return new Refused(enforcer.refusal(b, plan.who(), refused.claim(),
          new long[] {refused.spent().nanos(), refused.reserved().nanos()}, plan.worstCase(), plan.now(), plan.inScope()));
    }
    return new Held(id, worst, expires, enforced.stream().map(Budget::name).toList(), tightest(enforced, claims));
  }

  /** What each enforced budget has left with this reservation counted, read from the store; the least. */
  private Headroom tightest(List<Budget> enforced, List<Claim> claims) {
    Instant now = clock.instant();
    Headroom tightest = null;
    try {
      for (int i = 0; i < claims.size(); i++) {
        Claim c = claims.get(i);
        long left = c.limit().nanos() - ledger.spent(c.scope()).nanos()
            - ledger.reserved(c.key(), now).getOrDefault(c.key(), Usd.ZERO).nanos();
        tightest = Headroom.tighter(tightest, new Headroom(enforced.get(i).name(), Usd.ofNanos(Math.max(0, left))));
      }
    } catch (StoreException e) {
      return tightest; // the reservation holds; what is left is a courtesy
    }
    return tightest;
  }

  /**
   * The call is done: the reservation holds its actual cost (priced like the collector will price
   * its record) until the record {@code recordId} is stored, when that cost is spend.
   *
   * @param recordId the usage record that carries the call's cost, or null when there is none
   *     (the actual cost then holds for {@link #SETTLED_HOLD})
   * @param tokens the call's usage, or null to keep the worst case until the record is stored
   * @param model the model to price {@code tokens} with (required with them)
   */
  public Settled settle(String id, String recordId, String model, TokenCounts tokens) {
    Instant now = clock.instant();
    BudgetLedger.Held held = live(id, now);
    if (held.recordId() != null) {
      if (held.recordId().equals(recordId)) {
        return new Settled(id, held.amount(), recordId); // the same settle, sent again
      }
      throw new AlreadySettledException("reservation '" + id + "' was settled already, with record '"
          + held.recordId() + "'");
    }
    Usd actual = tokens == null ? held.amount() : actual(model, tokens, held.amount(), now);
    String record = recordId != null ? recordId : "unrecorded-" + id; // never stored: holds until the hold ends
    if (!ledger.settle(id, actual, record, now.plus(SETTLED_HOLD))) {
      throw gone(id);
    }
    return new Settled(id, actual, recordId);
  }

  /** The call failed: its reservation is dropped at once. */
  public void release(String id) {
    BudgetLedger.Held held = live(id, clock.instant());
    if (held.recordId() != null) {
      throw new AlreadySettledException("reservation '" + id + "' was settled already: its cost counts until record '"
          + held.recordId() + "' is stored, and cannot be released");
    }
    if (!ledger.release(id)) {
      throw gone(id);
    }
  }

  private BudgetLedger.Held live(String id, Instant now) {
    Optional<BudgetLedger.Held> held = ledger.reservation(id);
    if (held.isEmpty()) {
      throw gone(id);
    }
    if (held.get().recordId() == null && !held.get().expiresAt().isAfter(now)) {
      throw new UnknownReservationException("reservation '" + id + "' expired at " + held.get().expiresAt()
          + ": its money was released; reserve again for a new call");
    }
    return held.get();
  }

  private static UnknownReservationException gone(String id) {
    return new UnknownReservationException("no reservation '" + id
        + "': it was never made, was released, or expired and was purged");
  }

  /** Priced at today's price of the model; a model without a price keeps the reserved worst case. */
  private Usd actual(String model, TokenCounts tokens, Usd reserved, Instant now) {
    Optional<ModelPrice> price = enforcer.prices().priceFor(model, now);
    return price.map(p -> CostCalculator.cost(p, tokens)).orElse(reserved);
  }
}
