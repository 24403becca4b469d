/**
 * The storage ports: {@link dev.cto.costs.store.UsageStore} (the collector's write side) and
 * {@link dev.cto.costs.store.CostQueries} (every report's read side), with {@link
 * dev.cto.costs.store.AlertOutbox} (threshold alerts) and {@link dev.cto.costs.store.PrOutcomes}
 * (what became of each PR on GitHub). Nothing outside {@code
 * store.jdbc} touches a database; adapters implement these ports and one contract test suite
 * ({@code UsageStoreContract}) runs against every backend.
 */
package dev.cto.costs.store;
