/**
 * The statistics of the analytics, pure and without I/O, so they are tested on their own with
 * property tests: nearest-rank percentiles over exact money, robust z-scores (median and MAD) for
 * anomalies, and the month-end forecast with its empirical interval.
 *
 * <p>Money stays in integer nano-dollars wherever a value is reported (a percentile is one of the
 * values, picked by rank); doubles appear only in scores and ratios, which are not money.
 */
package dev.cto.costs.analytics.stats;
