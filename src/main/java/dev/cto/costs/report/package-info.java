/**
 * Report models (PR, agent, comparison, summary) built from {@link
 * dev.cto.costs.store.CostQueries} aggregations, and their renderers: table, JSON, CSV, Markdown;
 * the alert log (threshold crossings and announcements with their deliveries) read from the
 * outbox ports.
 */
package dev.cto.costs.report;
