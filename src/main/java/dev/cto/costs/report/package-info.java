/**
 * Report models (PR, agent, comparison, summary) built from {@link
 * dev.cto.costs.store.CostQueries} aggregations, and their renderers: table, JSON, CSV, Markdown.
 */
package dev.cto.costs.report;
