/**
 * The pure core: what a model call used ({@link dev.cto.costs.domain.UsageRecord}), who it is
 * attributed to ({@link dev.cto.costs.domain.Attribution}), what it costs ({@link
 * dev.cto.costs.domain.Usd}, {@link dev.cto.costs.domain.CostCalculator}) under which prices
 * ({@link dev.cto.costs.domain.PricingCatalog}), and how a PR's spend compares with its budget
 * ({@link dev.cto.costs.domain.Thresholds}).
 *
 * <p>Depends on nothing but the JDK (an ArchUnit rule keeps it so): every adapter, from the JDBC
 * store to the CLI, speaks these types.
 */
package dev.cto.costs.domain;
