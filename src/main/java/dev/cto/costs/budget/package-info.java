/**
 * Budgets: spending caps over a scope of records (each PR, a repository, a team, an agent, a model
 * glob, everything, or a combination) for a period (a PR's whole life, a UTC day, a week from
 * Monday, a month), their status and projection, reservations for enforcement, and the chargeback
 * of a month's cost to teams.
 *
 * <p>The model ({@link dev.cto.costs.budget.Budget}, {@link dev.cto.costs.budget.BudgetScope},
 * {@link dev.cto.costs.budget.BudgetPeriod}, {@link dev.cto.costs.budget.Team}) is pure and is
 * built from the cost config by the {@code pricing} package; the services read spend and hold
 * reservations through the store's {@link dev.cto.costs.store.BudgetLedger} port, so several
 * replicas on one database share them. {@link dev.cto.costs.budget.BudgetEnforcer} is what the
 * proxy asks before forwarding a call: it admits calls in memory from leases of money reserved in
 * the store ahead of them, and goes to the store when a lease runs short.
 * {@link dev.cto.costs.budget.CallReservations} judges a call the same way for callers without the
 * proxy (the Java client over HTTP) and holds one store reservation per call, settled or released
 * from any replica. See docs/budgets.md.
 */
package dev.cto.costs.budget;
