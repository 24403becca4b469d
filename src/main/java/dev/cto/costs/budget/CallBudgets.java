package dev.cto.costs.budget;

/** What the proxy asks before forwarding a call: may it go, and what does it hold while it runs. */
public interface CallBudgets {

  /** No budgets: every call goes, holding nothing. */
  CallBudgets NONE = new CallBudgets() {
    @Override
    public boolean active() {
      return false;
    }

    @Override
    public Admission admit(BudgetSubject subject, CallShape call) {
      return Admission.Admitted.FREE;
    }
  };

  /** Whether any budget is configured: when not, the proxy need not read the request for its shape. */
  boolean active();

  /**
   * Admits or refuses one call.
   *
   * @param subject who the call is charged to (its model is taken from {@code call})
   */
  Admission admit(BudgetSubject subject, CallShape call);
}
