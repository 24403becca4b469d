package dev.cto.costs.budget;

import dev.cto.costs.domain.Usd;
import java.util.Map;

/** The budgets' answer to a call about to be forwarded. */
public sealed interface Admission {

  /** The tightest budget in scope, for the answer's headers; null when no budget covers the call. */
  Headroom tightest();

  /** Forward it; settle or release the ticket when it ends. */
  record Admitted(Ticket ticket, Headroom tightest) implements Admission {

    /** No budget covers the call. */
    public static final Admitted FREE = new Admitted(Ticket.NONE, null);
  }

  /**
   * An enforced budget has no room for the call's worst case: spent + reserved + worst case &gt; limit.
   *
   * @param scope the budget's scope as configured, e.g. {@code {pr=*}}
   * @param subject what the scope matched for this call (the PR of a {@code {pr: "*"}} budget)
   * @param reserved what calls in flight hold against the budget, this process's included
   * @param retryAfterSeconds until the budget's period ends; null for a PR's whole life
   */
  record Refused(String budget, Map<String, String> scope, String subject, Usd spent, Usd reserved, Usd limit,
      Usd worstCase, Long retryAfterSeconds, Headroom tightest) implements Admission {

    /** Names the budget, its scope, what was spent and the limit: shown to the agent as the error. */
    public String message() {
      return "cto-costs budget '" + budget + "' " + scopeText() + (subject == null ? "" : " for " + subject)
          + " is exhausted: $" + spent.toPlainString() + " spent and $" + reserved.toPlainString()
          + " reserved by calls in flight of its $" + limit.toPlainString() + " limit; this call could cost up to $"
          + worstCase.toPlainString() + "." + (retryAfterSeconds == null
              ? " The limit holds for the PR's whole life: raise limit_usd in the cost config to go on."
              : " The budget starts over in " + retryAfterSeconds + " s.");
    }

    private String scopeText() {
      if (scope.isEmpty()) {
        return "(scope: everything)";
      }
      StringBuilder sb = new StringBuilder("(scope: ");
      scope.forEach((k, v) -> sb.append(sb.length() > 8 ? ", " : "").append(k).append('=').append(v));
      return sb.append(')').toString();
    }
  }

  /** The store cannot be reached and {@code budgets_fail_open} is false: refuse the call. */
  record StoreDown(String message, Headroom tightest) implements Admission {}
}
