/**
 * The one way records get in: {@code UsageCollector} validates, prices, de-duplicates by id,
 * writes through a single group-commit writer and acknowledges only after the commit; {@code
 * ThresholdMonitor} turns stored PR totals into threshold crossings.
 */
package dev.cto.costs.collect;
