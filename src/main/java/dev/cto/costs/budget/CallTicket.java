package dev.cto.costs.budget;

import dev.cto.costs.domain.CostCalculator;
import dev.cto.costs.domain.ModelPrice;
import dev.cto.costs.domain.PricingCatalog;
import dev.cto.costs.domain.TokenCounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/** The money one admitted call holds in its leases (one per enforced budget covering it). */
final class CallTicket implements Ticket {

  private final List<BudgetEnforcer.Held> held;
  private final String requestedModel;
  private final Supplier<PricingCatalog> prices;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private final Duration unstoredHold;
  private final AtomicBoolean done = new AtomicBoolean();

  CallTicket(List<BudgetEnforcer.Held> held, String requestedModel, Supplier<PricingCatalog> prices, Clock clock,
      ScheduledExecutorService timer, Duration unstoredHold) {
    this.held = List.copyOf(held);
    this.requestedModel = requestedModel;
    this.prices = prices;
    this.clock = clock;
    this.timer = timer;
    this.unstoredHold = unstoredHold;
  }

  @Override
  public void settle(String model, TokenCounts tokens, CompletionStage<?> stored) {
    if (!done.compareAndSet(false, true)) {
      return;
    }
    for (BudgetEnforcer.Held h : held) {
      long actual = actual(model, tokens, h.worstCase());
      h.lease().spent(h.worstCase(), actual);
      stored.whenComplete((ok, failure) -> {
        if (failure == null) {
          h.lease().stored(actual);
        } else {
          // spooled: replayed within seconds once the store takes writes; held until then, roughly
          try {
            timer.schedule(() -> h.lease().stored(actual), unstoredHold.toMillis(), TimeUnit.MILLISECONDS);
          } catch (java.util.concurrent.RejectedExecutionException e) {
            h.lease().stored(actual); // shutting down
          }
        }
      });
    }
  }

  /** Priced like the collector will: the answer's model, else the one asked for; unknown to both, the worst case. */
  private long actual(String model, TokenCounts tokens, long worstCase) {
    Instant now = clock.instant();
    PricingCatalog catalog = prices.get();
    Optional<ModelPrice> price = catalog.priceFor(model, now).or(() -> catalog.priceFor(requestedModel, now));
    return price.map(p -> CostCalculator.cost(p, tokens).nanos()).orElse(worstCase);
  }

  @Override
  public void release() {
    if (done.compareAndSet(false, true)) {
      held.forEach(h -> h.lease().giveBack(h.worstCase()));
    }
  }
}
