/**
 * The Prometheus registry and the cost meters: the four original ({@code
 * cost_recording_duration_seconds}, {@code total_cost_usd}, {@code token_usage_total}, {@code
 * cost_threshold_violations_total}) and the collector's own. {@code CollectorMeters} is the
 * Micrometer adapter of the collector's metrics port, so every capture path is counted; client-made
 * label values are capped ({@code other} beyond the cap). Depends on the domain and that port only;
 * what it measures is handed in as plain functions.
 */
package dev.cto.costs.metrics;
