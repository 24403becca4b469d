package dev.cto.costs.budget;

import dev.cto.costs.domain.TokenCounts;
import java.util.concurrent.CompletionStage;

/**
 * The money an admitted call holds while it runs. Exactly one of {@link #settle} or {@link
 * #release} takes effect; later calls do nothing, so a caller may release in a {@code finally}
 * after settling.
 */
public interface Ticket {

  /** Holds nothing: no enforced budget covers the call, or the call costs nothing. */
  Ticket NONE = new Ticket() {
    @Override
    public void settle(String model, TokenCounts tokens, CompletionStage<?> stored) {}

    @Override
    public void release() {}
  };

  /**
   * The answer's usage is known: the hold drops from the worst case to the actual cost, which
   * stays held until {@code stored} completes (the usage record is then spend in the store).
   *
   * @param model the model the answer names (priced in preference to the one asked for)
   */
  void settle(String model, TokenCounts tokens, CompletionStage<?> stored);

  /** The call failed or cost nothing: its hold is given back. */
  void release();
}
